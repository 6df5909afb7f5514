#!/usr/bin/env bash
# HTTP benchmark (issue 6): two-line entries posted over HTTP by wrk (8 keep-alive
# connections, 20 s) against `coopledger serve`, and pgbench running the equivalent
# transaction (the entry and its two postings) at 8 clients on the same server and schema.
# Prints both rates and their ratio.
#   bench/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
swift build -c release --product coopledger >&2
exec scripts/with-throwaway-postgres.sh bench/lib/http-run.sh
