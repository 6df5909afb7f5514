#!/usr/bin/env bash
set -euo pipefail
bin=.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
psql "$admin" -qc "CREATE DATABASE bench"
url=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
export COOPLEDGER_DATABASE_URL="$url" COOPLEDGER_COOP=bench
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
$bin migrate >/dev/null
$bin coop create bench --name "基准合作社" >/dev/null
bench/lib/load-cooperative.sh "$url"

t0=$(now); $bin verify; verify=$(minus "$(now)" "$t0")
t0=$(now); $bin member show 4321 --year 2026 >/dev/null; member=$(minus "$(now)" "$t0")
t0=$(now); $bin report trial-balance --year 2026 >/dev/null; trial=$(minus "$(now)" "$t0")
t0=$(now); $bin report member-account --year 2026 --member 4321 >/dev/null; member_report=$(minus "$(now)" "$t0")
echo "verify: ${verify} s for 500,000 entries ($(awk -v s="$verify" 'BEGIN { printf "%d", 500000 / s }') entries/s)"
echo "member show (成员账户): ${member} s (target < 1 s)"
echo "report member-account --member: ${member_report} s (target < 1 s)"
echo "report trial-balance: ${trial} s (target < 1 s)"
