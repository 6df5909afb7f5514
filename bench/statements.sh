#!/usr/bin/env bash
# Statements benchmark (issue 7): on the distribution benchmark's cooperative (10,000
# members, 1,000,000 postings), the throughput of `verify`, and the time of one member
# account and of the trial balance.
#   bench/statements.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
exec scripts/with-throwaway-postgres.sh bench/lib/statements-run.sh
