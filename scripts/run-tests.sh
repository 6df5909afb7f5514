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
swift test --skip-build "$@"
if $quick; then exit 0; fi
scripts/format-check.sh
scripts/schema-current.sh --check
scripts/schemathesis.sh
scripts/auditor-check.sh
scripts/cli-identity.sh
scripts/cli-remote.sh
scripts/http-edges.sh
scripts/xlsx-check.sh
scripts/district-check.sh
scripts/voucher-page.sh
scripts/workbench.sh
scripts/kill-loop.sh
scripts/database-crash.sh
