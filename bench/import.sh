#!/usr/bin/env bash
# Import benchmark (issues 5 and 14), on a durable throwaway server: balanced two-line
# entries (10,000 members) imported by `coopledger import` at 100,000, 500,000 and 2,000,000
# entries (BENCH_SIZES to choose), each next to `psql \copy` of the same rows into plain
# tables (primary keys only). Prints seconds, seconds per 100,000 (linear if they stay
# level), the importer's peak memory and the ratios.
#   bench/import.sh                      # about 12 minutes
#   BENCH_SIZES=500000 bench/import.sh
#   BENCH_XLSX=1 BENCH_SIZES=100000 bench/import.sh   # the journal as an .xlsx (openpyxl writes it)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/import-run.sh
