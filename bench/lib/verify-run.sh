#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh (COOPLEDGER_TEST_DATABASE_URL is a superuser).
set -euo pipefail
bin=$PWD/.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
entries=${VERIFY_ENTRIES:-500000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
awk -v dir="$work" -v count="$entries" 'BEGIN {
    for (n = 1; n <= count; n++) {
        day = sprintf("2026-%02d-%02d", 1 + (n % 12), 1 + (n % 28)); fen = (10 + n % 9000) * 100 + n % 100; member = 1 + n % 10000
        printf "bench\t%d\t%s\t玉米 收购 %d\tslip-%d\tgeneral\tsystem\tsystem\n", n, day, n, n > dir "/entries.tsv"
        printf "bench\t%d\t1\t121\t\\N\t%d\t%s\tgeneral\n", n, fen, day > dir "/postings.tsv"
        printf "bench\t%d\t2\t114\t%d\t%d\t%s\tgeneral\n", n, member, -fen, day > dir "/postings.tsv"
    }
}'
psql "$admin" -qc "CREATE DATABASE verify_bench"
url=$(printf '%s' "$admin" | sed "s#/postgres?#/verify_bench?#")
export COOPLEDGER_DATABASE_URL="$url" COOPLEDGER_COOP=bench
$bin migrate >/dev/null
$bin coop create bench --name "基准合作社" >/dev/null
psql "$url" -qc "INSERT INTO members (coop_id, member_no, name) SELECT 'bench', n, 'member ' || n FROM generate_series(1, 10000) n"
echo "loading and chaining $entries entries…" >&2
psql "$url" -v ON_ERROR_STOP=1 -q <<SQL
BEGIN;
SET LOCAL coopledger.actor = 'system';
\copy journal_entries (coop_id, entry_id, entry_date, memo, idempotency_key, kind, posted_by, prepared_by) FROM '$work/entries.tsv'
\copy postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind) FROM '$work/postings.tsv'
COMMIT;
SQL
# The load's pages are flushed before timing (a checkpoint writing half a gigabyte would
# share the disk and the cores with verify): verify reads a journal at rest.
psql "$url" -qc "VACUUM ANALYZE" -c "CHECKPOINT"
runs=()
for run in 1 2 3; do
    # Timed from inside the Python that starts it: its own start took 0.09 s, which the
    # figures of earlier rounds included.
    timed=$(python3 - "$bin" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run([sys.argv[1], "verify"], check=True, stdout=sys.stderr)
print("%.2f %d" % (time.monotonic() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
)
    read -r seconds peak_kb <<<"$timed"
    echo "run $run: ${seconds} s, peak memory $((peak_kb / 1024)) MB" >&2
    runs+=("$seconds")
done
# The median of three runs (the first reads from a cold cache).
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
echo "verify of $entries entries, three runs: ${runs[*]} s; median ${median} s, $(awk -v n="$entries" -v s="$median" 'BEGIN { printf "%.0f", n / s }') entries/s (targets: issue 14 ≥ 200000, issue 27 ≥ 500000), peak memory $((peak_kb / 1024)) MB"
