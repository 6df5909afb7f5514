#!/usr/bin/env bash
# PostgreSQL crashes under load (`pg_ctl stop -m immediate`, as a power cut looks to the
# server) while clients post through `coopledger serve` with Idempotency-Keys, and comes back:
# every answer during the crash is 201, 200 or 503 (a client that retries on 503 loses
# nothing: never a 500), serve reconnects by itself, every acknowledged key is posted once,
# retrying every key posts each at most once, the books balance and `verify` passes.
# Runs on a PostgreSQL of its own (the shared throwaway server is not crashed). Prints
# `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != --inside ]; then exec scripts/with-throwaway-postgres.sh "$0" --inside; fi

. scripts/lib/checks.sh
fresh_database database_crash
export COOPLEDGER_COOP=crash-coop
cluster=${COOPLEDGER_TEST_DATABASE_URL##*host=}
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run_as=()
[ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
pg_ctl() { "${run_as[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" "$@"; }
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill -9 "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

$bin coop create "$COOPLEDGER_COOP" --name "断电测试社" >/dev/null
$bin member add --number 1 --name 张三 >/dev/null
token=$($bin token create --role bookkeeper --coop "$COOPLEDGER_COOP" 2>/dev/null)
start_serve "$work/serve.log"

clients=4
per_client=300
for client in $(seq 1 $clients); do
    ( for i in $(seq 1 $per_client); do
          key="c$client-$i"
          echo "$key $(post_entry "$key")" >> "$work/answers-$client"
      done ) &
done
sleep 1.5
pg_ctl -m immediate stop >/dev/null
sleep 2
pg_ctl -l "$cluster/server.log" -w -o "-k $cluster -c listen_addresses= -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null
wait $(jobs -p | grep -v "^$server$") 2>/dev/null || true

cat "$work"/answers-* > "$work/answers"
other=$(awk '$2 != 201 && $2 != 200 && $2 != 503' "$work/answers" | wc -l)
unavailable=$(awk '$2 == 503' "$work/answers" | wc -l)
acked=$(awk '$2 == 201 || $2 == 200 { print $1 }' "$work/answers" | sort -u)
check "answers during the crash: only 201, 200 or 503 ($(awk '{ print $2 }' "$work/answers" | sort | uniq -c | xargs))" test "$other" = 0
check "the crash was seen ($unavailable answers were 503)" test "$unavailable" -gt 0
for key in $(awk '{ print $1 }' "$work/answers"); do post_entry "$key" >/dev/null; done
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=

keys=$(printf '%s\n' "$acked" | paste -sd, -)
lost=$(sql "SELECT count(*) FROM unnest(string_to_array('$keys', ',')) AS k(key)
            WHERE (SELECT count(*) FROM journal_entries e WHERE e.idempotency_key = k.key) <> 1")
check "every acknowledged key is posted exactly once ($(printf '%s\n' "$acked" | grep -c .) acknowledged)" test "$lost" = 0
check "after retrying, every key once ($(sql "SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 'c%'") of $((clients * per_client)))" \
    test "$(sql "SELECT count(DISTINCT idempotency_key) FROM journal_entries WHERE idempotency_key LIKE 'c%'")" = $((clients * per_client)) \
    -a "$(sql "SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 'c%'")" = $((clients * per_client))
check "balanced" balanced
check "verify" intact
echo "answers during the crash: $(awk '{ print $2 }' "$work/answers" | sort | uniq -c | xargs)"
report database-crash
