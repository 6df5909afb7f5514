#!/usr/bin/env bash
# Import benchmark (issue 5): 500,000 balanced two-line entries (1,000,000 postings,
# 10,000 members) imported by `coopledger import`, next to `psql \copy` of the same rows
# into the same tables, with the same indexes and constraints, on the same server.
# Prints both times, their ratio, and the importer's peak memory.
#   bench/import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
swift build -c release --product coopledger >&2
exec scripts/with-throwaway-postgres.sh bench/lib/import-run.sh
