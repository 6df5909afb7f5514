#!/usr/bin/env bash
# Distribution benchmark (issue 4): a cooperative with 10,000 members and 1,000,000
# postings in the year; times `dividend preview` and `dividend post` next to one raw
# aggregate over the same postings on the same server, and prints the ratios.
#   bench/distribution.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
exec scripts/with-throwaway-postgres.sh bench/lib/distribution-run.sh
