#!/usr/bin/env bash
# verify benchmark (issue 14), on a durable throwaway server: 500,000 two-line entries
# loaded by \copy and chained set-based (as an import chains them), then `coopledger verify`
# recomputes the chain, three times. Prints each run's seconds, the median's entries per
# second and the peak memory.
#   bench/verify.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/verify-run.sh
