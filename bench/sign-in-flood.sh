#!/usr/bin/env bash
# Failed sign-ins against posting (issue 24, case 4), on a durable throwaway server: wrk posts
# two-line entries at 8 connections alone, then while eight clients send sign-ins with wrong
# passwords as fast as they are answered. Prints posting's rate and p50/p99 latency in both
# runs, their ratio, and how the sign-ins were answered (401 checked, 429 refused at once).
# Before the password thread, the same flood took posting's p50 from 3 ms to 1,092 ms.
#   bench/sign-in-flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-packages.sh
command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; }
swift build -c release --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bench/lib/sign-in-flood-run.sh
