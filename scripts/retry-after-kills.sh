#!/usr/bin/env bash
# Eight kills, then the retry (issue 24): on a fresh database of the server in
# COOPLEDGER_TEST_DATABASE_URL, an import of 150,000 entries for 1,000 members is killed
# (kill -9) eight times while it posts (its lines going in, or its checks at commit), each next
# importer already reading the file, leaving the journal's tables full of dead rows and none
# alive; the retry must then post the file, well within what an import takes, and the killed
# importers' backends end. The books balance and `verify` passes. Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database retry_after_kills
export COOPLEDGER_COOP=retry-coop
# The issue's conditions, built exactly: on a busy machine autovacuum could clean the killed
# imports' dead rows (and truncate their pages) before the retry meets them.
sql "ALTER TABLE journal_entries SET (autovacuum_enabled = off); ALTER TABLE postings SET (autovacuum_enabled = off)" >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$bin coop create "$COOPLEDGER_COOP" --name "重试社" >/dev/null
awk 'BEGIN { print "number,name"; for (i = 1; i <= 1000; i++) printf "%d,成员%d\n", i, i }' > "$work/roll.csv"
$bin member import "$work/roll.csv" >/dev/null
awk 'BEGIN { print "key,date,memo,account,member,debit,credit";
    for (i = 1; i <= 150000; i++) printf "k%d,2026-03-01,slip %d,121,,1.00,\nk%d,2026-03-01,,114,%d,,1.00\n", i, i, i, i % 1000 + 1 }' > "$work/retry.csv"
busy() { sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()"; }
backends() { sql "SELECT coalesce(string_agg(pid::text, ','), '0') FROM pg_stat_activity WHERE datname = current_database()"; }
# start_import: an importer of the file, in the background ($importer), whose backends are
# the ones not in $known (those there before it).
start_import() {
    known=$(backends)
    $bin import "$work/retry.csv" >/dev/null 2>&1 &
    importer=$!
}
# The next importer starts when the one about to be killed is posting: it reads the file while
# the other posts and dies (and waits for the books' lock if it must), as a user's next try would.
start_import
for kill in $(seq 1 8); do
    for _ in $(seq 1 900); do
        [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid NOT IN ($known)
                  AND (query LIKE 'INSERT INTO postings%' OR query LIKE 'SET CONSTRAINTS%')")" != 0 ] && break
        sleep 0.1
    done
    posting=$importer
    [ "$kill" = 8 ] || start_import
    sleep "0.$((RANDOM % 10))"
    kill -9 "$posting" 2>/dev/null || true
    wait "$posting" 2>/dev/null || true
done
started=$(date +%s)
for _ in $(seq 1 300); do [ "$(busy)" = 0 ] && break; sleep 0.2; done
check "retry round: the killed importers' backends ended ($(( $(date +%s) - started ))s)" test "$(busy)" = 0
check "retry round: nothing of the file was written" test "$(sql "SELECT count(*) FROM journal_entries")" = 0
sql "ANALYZE journal_entries; ANALYZE postings; ANALYZE entry_hashes; ANALYZE voucher_numbers"  # as autovacuum would
dead_pages=$(sql "SELECT string_agg(relname || ' ' || relpages, ', ' ORDER BY relname) FROM pg_class
                  WHERE relname IN ('journal_entries', 'postings') AND relpages > 0 AND reltuples = 0")
check "retry round: the kills left the journal's tables pages and no live row ($dead_pages)" test "$(echo "$dead_pages" | grep -o ',' | wc -l)" = 1
started=$(date +%s)
timeout 600 $bin import "$work/retry.csv" >/dev/null
elapsed=$(( $(date +%s) - started ))
echo "retry round: the retried import of 150,000 entries took ${elapsed}s"
check "retry round: the retry completes (${elapsed}s)" test "$elapsed" -lt 300
check "retry round: every entry exactly once" test "$(sql "SELECT count(*) FROM journal_entries")" = 150000
check "retry round: balanced" balanced
check "retry round: verify" intact

report retry-after-kills
