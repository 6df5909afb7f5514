#!/usr/bin/env bash
# Summaries benchmark (issue 14), on a durable throwaway server: over the benchmark
# cooperative (10,000 members, 1,000,000 postings), `dividend preview` and `report
# trial-balance` next to the raw GROUP BY queries that compute the same sums, each run
# through psql as a process of its own, as the commands are. Prints the ratios.
#   bench/summaries.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/summaries-run.sh
