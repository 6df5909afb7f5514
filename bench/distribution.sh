#!/usr/bin/env bash
# Distribution benchmark (issues 4 and 14), on a durable throwaway server: a cooperative with
# 10,000 members and 1,000,000 postings in the year; times `dividend preview`, `report
# trial-balance` and `dividend post` next to raw GROUP BY aggregates over the same postings
# on the same server, and prints the ratios.
#   bench/distribution.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/distribution-run.sh
