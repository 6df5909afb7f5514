#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh (COOPLEDGER_TEST_DATABASE_URL is a superuser).
set -euo pipefail
bin=.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
psql "$admin" -qc "CREATE DATABASE bench"
url=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
export COOPLEDGER_DATABASE_URL="$url" COOPLEDGER_COOP=bench
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
$bin migrate >/dev/null
$bin coop create bench --name "基准合作社" >/dev/null
bench/lib/load-cooperative.sh "$url"

best_of_five() {  # the best of five runs of a command, in seconds
    local best=""
    for _ in 1 2 3 4 5; do
        local t0 d
        t0=$(now); "$@" >/dev/null; d=$(minus "$(now)" "$t0")
        if [ -z "$best" ] || less "$d" "$best"; then best=$d; fi
    done
    echo "$best"
}
raw() { psql "$url" -v ON_ERROR_STOP=1 -qAt -f "$1"; }

# The sums a preview reads: the year's profit and loss per account, the surplus carried in,
# each member's patronage and each member's capital (with reserve and fund shares).
cat > /tmp/preview-sums.sql <<'SQL'
SELECT account_code, sum(amount) FROM postings
WHERE coop_id = 'bench' AND account_code >= '5' AND kind <> 'year_end_close' AND entry_date BETWEEN '2026-01-01' AND '2026-12-31'
GROUP BY account_code;
SELECT sum(amount) FROM postings WHERE coop_id = 'bench' AND account_code = '33202' AND entry_date < '2026-01-01';
SELECT member_no, sum(CASE WHEN kind = 'sale' THEN amount ELSE -amount END) FROM postings
WHERE coop_id = 'bench' AND account_code = '114' AND kind = ANY ('{purchase}') AND entry_date BETWEEN '2026-01-01' AND '2026-12-31'
GROUP BY member_no;
SELECT member_no, -sum(amount) FROM postings
WHERE coop_id = 'bench' AND account_code IN ('301', '311', '322') AND member_no IS NOT NULL AND entry_date <= '2026-12-31'
GROUP BY member_no;
SQL
# The trial balance's sums: every account and member detail account.
cat > /tmp/trial-sums.sql <<'SQL'
SELECT account_code, member_no, sum(amount) FROM postings WHERE coop_id = 'bench' AND entry_date <= '2026-12-31'
GROUP BY account_code, member_no HAVING sum(amount) <> 0;
SQL

preview_raw=$(best_of_five raw /tmp/preview-sums.sql)
preview=$(best_of_five $bin dividend preview --year 2026 --format json)
trial_raw=$(best_of_five raw /tmp/trial-sums.sql)
trial=$(best_of_five $bin report trial-balance --as-of 2026-12-31 --format json)
echo "durable server; best of five runs each, process start included on both sides"
printf 'dividend preview:     %.3f s; raw GROUP BY of the same sums %.3f s; ratio %s (target ≤ 1.5)\n' "$preview" "$preview_raw" "$(ratio "$preview" "$preview_raw")"
printf 'report trial-balance: %.3f s; raw GROUP BY of the same sums %.3f s; ratio %s (target ≤ 1.5)\n' "$trial" "$trial_raw" "$(ratio "$trial" "$trial_raw")"
