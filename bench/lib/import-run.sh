#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh (COOPLEDGER_TEST_DATABASE_URL is a superuser).
# For each size in BENCH_SIZES (entries): `coopledger import` of that many balanced two-line
# entries into a fresh database (10,000 members), next to psql `\copy` of the same rows into
# plain tables (primary keys only), and into the journal's own tables with their triggers off
# and on (the database's floor). Prints seconds, seconds per 100,000 entries, the importer's
# peak memory and the ratios to the plain `\copy`.
set -euo pipefail
bin=$PWD/.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
sizes=${BENCH_SIZES:-100000 500000 2000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
. bench/lib/journal.sh

# The database's own floor: the same rows by \copy into the journal's tables, first with
# their triggers off (the heap and indexes only), then with every trigger, commit check
# and the chain. No importer can be faster than the second.
timed_journal_copy() {  # URL [SET LOCAL …]: seconds to \copy the rows into the journal's tables
    local start; start=$(now)
    journal_copy "$1" "$work" "${2:-}"
    minus "$(now)" "$start"
}

results=()
for size in $sizes; do
    echo "generating $size entries…" >&2
    awk -v dir="$work" -v count="$size" 'BEGIN {
        OFS = ","; print "key,date,memo,account,member,debit,credit" > dir "/journal.csv"
        for (n = 1; n <= count; n++) {
            day = sprintf("2026-%02d-%02d", 1 + (n % 12), 1 + (n % 28)); amount = sprintf("%d.%02d", 10 + n % 9000, n % 100)
            member = 1 + n % 10000
            print "slip-" n, day, "玉米 收购 " n, "121", "", amount, "" > dir "/journal.csv"
            print "slip-" n, day, "", "114", member, "", amount > dir "/journal.csv"
        }
    }'
    # The same rows for \copy: the journal's columns, and the plain tables' (their first ones).
    journal_rows "$work" "$size"
    cut -f1-5 "$work/entries.tsv" > "$work/plain-entries.tsv"
    cut -f1-6 "$work/postings.tsv" > "$work/plain-postings.tsv"

    journal="$work/journal.csv"
    if [ "${BENCH_XLSX:-0}" = 1 ]; then  # the same journal typed in a workbook's first sheet
        echo "writing it as a workbook…" >&2
        python3 - "$journal" "$work/journal.xlsx" <<'PY'
import csv, sys
from openpyxl import Workbook
book = Workbook(write_only=True)
sheet = book.create_sheet("凭证")
for row in csv.reader(open(sys.argv[1], encoding="utf-8")):
    sheet.append(row)
book.save(sys.argv[2])
PY
        journal="$work/journal.xlsx"
    fi
    import_url=$(bench_database "import_$size")
    echo "importing $size entries from $(basename "$journal") with coopledger import…" >&2
    t0=$(now)
    peak_kb=$(COOPLEDGER_DATABASE_URL="$import_url" COOPLEDGER_COOP=bench python3 - "$bin" "$journal" "$((2 * size + 1))" <<'PY'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "import", sys.argv[2], "--max-lines", sys.argv[3]], check=True, stdout=sys.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
    import_seconds=$(minus "$(now)" "$t0")
    psql "$import_url" -qAtc "SELECT count(*) || ' entries, ' || (SELECT count(*) FROM postings) || ' postings, ' || (SELECT count(*) FROM entry_hashes) || ' links' FROM journal_entries" >&2

    plain_url=$(bench_database "plain_$size")
    psql "$plain_url" -q -f bench/lib/plain-tables.sql
    echo "loading the same rows with psql \\copy into plain tables (primary keys only)…" >&2
    t0=$(now)
    psql "$plain_url" -v ON_ERROR_STOP=1 -q <<SQL
BEGIN;
\copy plain_entries (coop_id, entry_id, entry_date, memo, idempotency_key) FROM '$work/plain-entries.tsv'
\copy plain_postings (coop_id, entry_id, line_no, account_code, member_no, amount) FROM '$work/plain-postings.tsv'
COMMIT;
SQL
    plain_seconds=$(minus "$(now)" "$t0")

    echo "loading them with \\copy into the journal's tables, triggers off, then on…" >&2
    stored_seconds=$(timed_journal_copy "$(bench_database "stored_$size")" "SET LOCAL session_replication_role = replica;")
    checked_seconds=$(timed_journal_copy "$(bench_database "checked_$size")")
    psql "$admin" -qc "DROP DATABASE import_$size" -c "DROP DATABASE plain_$size" -c "DROP DATABASE stored_$size" -c "DROP DATABASE checked_$size"
    results+=("$(awk -v n="$size" -v s="$import_seconds" -v p="$plain_seconds" -v kb="$peak_kb" -v st="$stored_seconds" -v ch="$checked_seconds" 'BEGIN {
        printf "%9d entries: coopledger import %8.2f s (%5.2f s per 100,000), peak memory %4d MB; plain \\copy %6.2f s; ratio %5.2f (target ≤ 6.0, issue 27)\n",
               n, s, s * 100000 / n, kb / 1024, p, s / p
        printf "%9s  floor: \\copy into the journal'"'"'s tables, triggers off %6.2f s (%4.1f×), with every check and the chain %6.2f s (%4.1f×)",
               "", st, st / p, ch, ch / p }')")
done
echo "durable server (fsync, synchronous_commit, full_page_writes on)"
printf '%s\n' "${results[@]}"
