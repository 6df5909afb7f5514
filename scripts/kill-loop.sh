#!/usr/bin/env bash
# Crash rounds (kill -9) of the two long-running clients, on a fresh database of the server in
# COOPLEDGER_TEST_DATABASE_URL:
#   import: killed at a random moment; the books hold all of the file or none of it, and a
#           re-run completes promptly (the dead client's backend is cancelled, not left holding
#           the keys) and posts it exactly once;
#   serve:  killed while clients post with Idempotency-Keys; after a restart, retrying every key
#           posts each at most once and every acknowledged key exactly once.
# After each round the books balance, and after each kind's rounds `verify` passes. Prints
# `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
rounds=${KILL_ROUNDS:-3}
fresh_database kill_loop
export COOPLEDGER_COOP=crash-coop
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

$bin coop create "$COOPLEDGER_COOP" --name "崩溃测试社" >/dev/null
$bin member add --number 1 --name 张三 >/dev/null

for round in $(seq 1 "$rounds"); do
    # A file of 40,000 two-line entries: long enough to be killed midway.
    file="$work/round-$round.csv"
    awk -v r="$round" 'BEGIN { print "key,date,memo,account,member,debit,credit";
        for (i = 1; i <= 40000; i++) { printf "r%d-%d,2026-03-01,slip,121,,1.00,\nr%d-%d,2026-03-01,,114,1,,1.00\n", r, i, r, i } }' > "$file"
    before=$(sql "SELECT count(*) FROM journal_entries")
    $bin import "$file" >/dev/null 2>&1 &
    importer=$!
    sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.3 + rand() * 2.5 }')"
    kill -9 "$importer" 2>/dev/null || true
    wait "$importer" 2>/dev/null || true
    # The killed backend may still be finishing or rolling back: all of the file or none.
    sleep 1
    after=$(sql "SELECT count(*) FROM journal_entries")
    check "import round $round: all or nothing ($before → $after)" test $((after - before)) -eq 0 -o $((after - before)) -eq 40000
    started=$(date +%s)
    timeout 120 $bin import "$file" >/dev/null
    elapsed=$(( $(date +%s) - started ))
    check "import round $round: the re-run completes promptly (${elapsed}s)" test "$elapsed" -lt 90
    check "import round $round: every entry exactly once" test "$(sql "SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 'r$round-%'")" = 40000
    check "import round $round: balanced" balanced
done
# Once for all the rounds: the chain runs through them all, so a round that broke it fails here.
check "import rounds: verify" intact

token=$($bin token create --role bookkeeper --coop "$COOPLEDGER_COOP" 2>/dev/null)
for round in $(seq 1 "$rounds"); do
    start_serve "$work/serve.log"
    : > "$work/acked-$round"
    for client in 1 2 3 4; do
        ( for i in $(seq 1 150); do
              key="s$round-$client-$i"
              status=$(post_entry "$key")
              [ "$status" = 201 ] || [ "$status" = 200 ] && echo "$key" >> "$work/acked-$round"
              [ "$status" = 000 ] && break  # the server is gone: this client retries after the restart
          done ) &
    done
    sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.5 + rand() * 1.5 }')"
    kill -9 "$server"; wait "$server" 2>/dev/null || true; server=
    wait  # the clients stop, their last posts unanswered
    start_serve "$work/serve.log"
    # Every key again, the four clients retrying side by side as they posted.
    retrying=()
    for client in 1 2 3 4; do
        ( for i in $(seq 1 150); do post_entry "s$round-$client-$i" >/dev/null; done ) &
        retrying+=($!)
    done
    wait "${retrying[@]}"  # not the server
    kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=
    acked=$(sort -u "$work/acked-$round" | wc -l)
    dupes=$(sql "SELECT count(*) FROM (SELECT idempotency_key FROM journal_entries WHERE idempotency_key LIKE 's$round-%' GROUP BY 1 HAVING count(*) > 1) d")
    posted=$(sql "SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 's$round-%'")
    keys=$(sort -u "$work/acked-$round" | paste -sd, -)
    lost=$(sql "SELECT count(*) FROM unnest(string_to_array('$keys', ',')) AS k(key)
                WHERE (SELECT count(*) FROM journal_entries e WHERE e.idempotency_key = k.key) <> 1")
    check "serve round $round: $acked acknowledged before the crash, none lost" test "$lost" = 0
    check "serve round $round: every key posted once after the retries ($posted of 600)" test "$posted" = 600 -a "$dupes" = 0
    check "serve round $round: balanced" balanced
done
check "serve rounds: verify" intact

report kill-loop
