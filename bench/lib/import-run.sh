#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh (COOPLEDGER_TEST_DATABASE_URL is a superuser).
set -euo pipefail
bin=$PWD/.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

database() {  # a fresh, migrated database with the cooperative and its 10,000 members
    psql "$admin" -qc "CREATE DATABASE $1"
    local url; url=$(printf '%s' "$admin" | sed "s#/postgres?#/$1?#")
    COOPLEDGER_DATABASE_URL="$url" "$bin" migrate >/dev/null
    COOPLEDGER_DATABASE_URL="$url" "$bin" coop create bench --name "基准合作社" >/dev/null
    psql "$url" -qc "INSERT INTO members (coop_id, member_no, name) SELECT 'bench', n, 'member ' || n FROM generate_series(1, 10000) n"
    printf '%s' "$url"
}

echo "generating 500,000 entries…" >&2
awk -v dir="$work" 'BEGIN {
    OFS = ","; print "key,date,memo,account,member,debit,credit" > dir "/journal.csv"
    for (n = 1; n <= 500000; n++) {
        day = sprintf("2026-%02d-%02d", 1 + (n % 12), 1 + (n % 28)); amount = sprintf("%d.%02d", 10 + n % 9000, n % 100)
        fen = (10 + n % 9000) * 100 + n % 100; member = 1 + n % 10000
        print "slip-" n, day, "玉米 收购 " n, "121", "", amount, "" > dir "/journal.csv"
        print "slip-" n, day, "", "114", member, "", amount > dir "/journal.csv"
        printf "bench\t%d\t%s\t玉米 收购 %d\tslip-%d\tgeneral\n", n, day, n, n > dir "/entries.tsv"
        printf "bench\t%d\t1\t121\t\\N\t%d\t%s\tgeneral\n", n, fen, day > dir "/postings.tsv"
        printf "bench\t%d\t2\t114\t%d\t%d\t%s\tgeneral\n", n, member, -fen, day > dir "/postings.tsv"
    }
}'

import_url=$(database import_bench)
echo "importing with coopledger import…" >&2
t0=$(now)
peak_kb=$(COOPLEDGER_DATABASE_URL="$import_url" COOPLEDGER_COOP=bench python3 - "$bin" "$work/journal.csv" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "import", sys.argv[2]], check=True, stdout=sys.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
import_seconds=$(minus "$(now)" "$t0")

copy_url=$(database copy_bench)
echo "loading the same rows with psql \\copy, checked and chained at commit…" >&2
t0=$(now)
psql "$copy_url" -v ON_ERROR_STOP=1 -q <<SQL
BEGIN;
SET LOCAL coopledger.actor = 'system';
\copy journal_entries (coop_id, entry_id, entry_date, memo, idempotency_key, kind) FROM '$work/entries.tsv'
\copy postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind) FROM '$work/postings.tsv'
COMMIT;
SQL
copy_seconds=$(minus "$(now)" "$t0")

plain_url=$(database plain_bench)
psql "$plain_url" -q -f bench/lib/plain-tables.sql
cut -f1-5 "$work/entries.tsv" > "$work/plain-entries.tsv"
cut -f1-6 "$work/postings.tsv" > "$work/plain-postings.tsv"
echo "loading the same rows with psql \\copy into plain tables (primary keys only)…" >&2
t0=$(now)
psql "$plain_url" -v ON_ERROR_STOP=1 -q <<SQL
BEGIN;
\copy plain_entries (coop_id, entry_id, entry_date, memo, idempotency_key) FROM '$work/plain-entries.tsv'
\copy plain_postings (coop_id, entry_id, line_no, account_code, member_no, amount) FROM '$work/plain-postings.tsv'
COMMIT;
SQL
plain_seconds=$(minus "$(now)" "$t0")

for url in "$import_url" "$copy_url"; do
    psql "$url" -qAtc "SELECT count(*) || ' entries, ' || (SELECT count(*) FROM postings) || ' postings' FROM journal_entries" >&2
done
echo "coopledger import: ${import_seconds} s, peak memory $((peak_kb / 1024)) MB (target < 200 MB)"
echo "psql \\copy into our tables (triggers on): ${copy_seconds} s"
echo "psql \\copy into plain tables (primary keys only):            ${plain_seconds} s"
echo "ratio to our tables: $(awk -v a="$import_seconds" -v b="$copy_seconds" 'BEGIN { printf "%.2f", a / b }')"
echo "ratio to plain tables: $(awk -v a="$import_seconds" -v b="$plain_seconds" 'BEGIN { printf "%.2f", a / b }') (target ≤ 2.0)"
