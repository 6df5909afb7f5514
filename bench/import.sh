#!/usr/bin/env bash
# Import benchmark (issues 5 and 14), on a durable throwaway server: 500,000 balanced
# two-line entries (1,000,000 postings, 10,000 members) imported by `coopledger import`,
# next to `psql \copy` of the same rows into the same tables (triggers on) and into plain
# tables (primary keys only). Prints the times, the ratios and the importer's peak memory.
#   bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/import-run.sh
