#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh (COOPLEDGER_TEST_DATABASE_URL is a superuser).
set -euo pipefail
bin=.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
psql "$admin" -qc "CREATE DATABASE bench"
url=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
export COOPLEDGER_DATABASE_URL="$url" COOPLEDGER_COOP=bench
q() { psql "$url" -v ON_ERROR_STOP=1 -qAtc "$1"; }
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

$bin migrate >/dev/null
$bin coop create bench --name "基准合作社" >/dev/null

bench/lib/load-cooperative.sh "$url"

time_it() {  # the best of five runs of a command, in seconds
    local best=""
    for _ in 1 2 3 4 5; do
        local t0 t1
        t0=$(now); "$@" >/dev/null; t1=$(now)
        local d; d=$(minus "$t1" "$t0")
        if [ -z "$best" ] || less "$d" "$best"; then best=$d; fi
    done
    echo "$best"
}

aggregate=$(time_it q "SELECT member_no, sum(amount) FROM postings WHERE coop_id = 'bench' GROUP BY member_no")
preview=$(time_it $bin dividend preview --year 2026 --format json)
# Issue 14: each command next to the raw GROUP BY queries that compute the same sums (run by
# psql, a process of its own, as the command is). A preview reads the year's profit and loss
# per account, the surplus carried in, each member's patronage and each member's capital.
preview_sums=$(time_it psql "$url" -v ON_ERROR_STOP=1 -qAt -f bench/lib/preview-sums.sql)
trial=$(time_it $bin report trial-balance --as-of 2026-12-31 --format json)
trial_sums=$(time_it q "SELECT account_code, member_no, sum(amount) FROM postings WHERE coop_id = 'bench' AND entry_date <= '2026-12-31' GROUP BY account_code, member_no HAVING sum(amount) <> 0")
t0=$(now); $bin dividend post --year 2026 --format json >/dev/null; t1=$(now)
post=$(minus "$t1" "$t0")

printf 'raw aggregate (SELECT member_no, sum(amount) … GROUP BY member_no): %.3f s\n' "$aggregate"
printf 'dividend preview: %.3f s  ratio %s (target ≤ 3)\n' "$preview" "$(ratio "$preview" "$aggregate")"
printf 'dividend post:    %.3f s  ratio %s (target ≤ 10)\n' "$post" "$(ratio "$post" "$aggregate")"
echo "best of five runs, process start included on both sides:"
printf 'dividend preview:     %.3f s; raw GROUP BY of the same sums %.3f s; ratio %s (target ≤ 1.5)\n' "$preview" "$preview_sums" "$(ratio "$preview" "$preview_sums")"
printf 'report trial-balance: %.3f s; raw GROUP BY of the same sums %.3f s; ratio %s (target ≤ 1.5)\n' "$trial" "$trial_sums" "$(ratio "$trial" "$trial_sums")"
