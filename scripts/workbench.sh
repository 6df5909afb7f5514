#!/usr/bin/env bash
# The web workbench in a real browser: headless Chromium driven by Selenium against a live
# `coopledger serve` on a fresh database holding the sample cooperative. A preparer enters a
# voucher that does not balance, fixes it and saves it; an approver approves and posts it;
# the journal and trial balance pages are checked against the command line; an auditor, a
# second cooperative, a hostile member name and repeated wrong passwords are tried.
# Screenshots (phone width, A4) are kept in $ARTIFACTS (default .build/artifacts).
# Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database workbench
artifacts=${ARTIFACTS:-.build/artifacts}
mkdir -p "$artifacts"
port=${WORKBENCH_PORT:-18093}

$bin demo >/dev/null 2>&1
$bin member add --coop baiyin-pig --number 99 --name '<script>alert(1)</script>' >/dev/null
$bin coop create other-coop --name '另一个合作社' >/dev/null
printf '%s\n' coopledger-demo | $bin user add --coop baiyin-pig --login ma --name 马社长 --role admin --password-stdin >/dev/null
# The district's supervisor (区农经站) over both cooperatives.
$bin district create baiyin --name 白银区 >/dev/null
$bin coop move baiyin-pig --district baiyin --township 强湾乡 >/dev/null
$bin coop move other-coop --district baiyin --township 水川镇 >/dev/null
printf '%s\n' coopledger-demo | $bin user add --login sun --name 孙站长 --role supervisor --district baiyin --password-stdin >/dev/null
$bin report trial-balance --coop baiyin-pig --year 2026 --format json > "$artifacts/trial-balance-2026.json"

log=$(mktemp)
$bin serve --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

need_openpyxl
python3 scripts/workbench.py "http://127.0.0.1:$port" "$artifacts"
