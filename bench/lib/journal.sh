# The benchmarks' cooperative and journal (sourced by import-run.sh and verify-run.sh, which set
# $admin, a superuser's URL, and $bin): COUNT balanced two-line entries of the cooperative
# `bench` and its 10,000 members, as the journal's own tables take them.

bench_database() {  # NAME: a fresh, migrated database with the cooperative and its members; its URL
    psql "$admin" -qc "CREATE DATABASE $1"
    local url; url=$(printf '%s' "$admin" | sed "s#/postgres?#/$1?#")
    COOPLEDGER_DATABASE_URL="$url" "$bin" migrate >/dev/null
    COOPLEDGER_DATABASE_URL="$url" "$bin" coop create bench --name "基准合作社" >/dev/null
    psql "$url" -qc "INSERT INTO members (coop_id, member_no, name) SELECT 'bench', n, 'member ' || n FROM generate_series(1, 10000) n"
    printf '%s' "$url"
}

journal_rows() {  # DIR COUNT: writes DIR/entries.tsv and DIR/postings.tsv
    awk -v dir="$1" -v count="$2" 'BEGIN {
        for (n = 1; n <= count; n++) {
            day = sprintf("2026-%02d-%02d", 1 + (n % 12), 1 + (n % 28)); fen = (10 + n % 9000) * 100 + n % 100; member = 1 + n % 10000
            printf "bench\t%d\t%s\t玉米 收购 %d\tslip-%d\tgeneral\tsystem\tsystem\n", n, day, n, n > dir "/entries.tsv"
            printf "bench\t%d\t1\t121\t\\N\t%d\t%s\tgeneral\n", n, fen, day > dir "/postings.tsv"
            printf "bench\t%d\t2\t114\t%d\t%d\t%s\tgeneral\n", n, member, -fen, day > dir "/postings.tsv"
        }
    }'
}

# In one transaction, by \copy: with every trigger, commit check and the chain, as any
# client's rows meet them, unless a SET LOCAL turns them off.
journal_copy() {  # URL DIR [SET LOCAL …]
    psql "$1" -v ON_ERROR_STOP=1 -q <<SQL
BEGIN;
SET LOCAL coopledger.actor = 'system';
${3:-}
\copy journal_entries (coop_id, entry_id, entry_date, memo, idempotency_key, kind, posted_by, prepared_by) FROM '$2/entries.tsv'
\copy postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind) FROM '$2/postings.tsv'
COMMIT;
SQL
}
