#!/usr/bin/env bash
# Every test, on the throwaway server scripts/with-throwaway-postgres.sh started: the Swift
# tests, that sql/current matches the migrations, then schemathesis against a live server, the auditor's recomputation of the hash chain
# from an export, the command line's proof of who acts (directly and signed in over HTTP), the HTTP edges, every statement as an Excel workbook read back by openpyxl, the printed voucher in Chromium, the web workbench in
# Chromium driven by Selenium, the kill -9 rounds of import and serve, and a PostgreSQL crash
# under posting clients (on a server of its own).
# `--quick`: the Swift tests only (a minute or two), for the edit-test loop; CI runs everything.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
if [ "${1:-}" = "--quick" ]; then quick=true; shift; fi
# Each step's time, summed up at the end, so a slow step shows.
times=()
timed() {
    local start=$SECONDS
    "$@"
    times+=("$(printf '%5d s  %s' $((SECONDS - start)) "$*")")
}
timed swift test --skip-build "$@"
if ! $quick; then
    timed scripts/format-check.sh
    timed scripts/schema-current.sh --check
    timed scripts/schemathesis.sh
    timed scripts/auditor-check.sh
    timed scripts/cli-identity.sh
    timed scripts/cli-remote.sh
    timed scripts/http-edges.sh
    timed scripts/xlsx-check.sh
    timed scripts/district-check.sh
    timed scripts/voucher-page.sh
    timed scripts/workbench.sh
    timed scripts/kill-loop.sh
    timed scripts/database-crash.sh
fi
printf '%s\n' "time per step:" "${times[@]}"
