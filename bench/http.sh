#!/usr/bin/env bash
# HTTP benchmark (issues 6, 14 and 27), on a durable throwaway server: two-line entries posted
# over HTTP by wrk at 8 and 64 connections (and 64 over 50 and over 553 cooperatives) against
# `coopledger serve`, and pgbench posting the same entry into plain tables at 8 and 64
# clients. Prints the rates, p50/p99 latency and the ratios.
#   bench/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/http-run.sh
