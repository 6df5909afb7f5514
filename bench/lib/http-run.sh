#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh with THROWAWAY_DURABLE=1 (issue 14: every
# commit flushed, as in production). For 8 and 64 connections: two-line entries posted over
# HTTP by wrk (one new Idempotency-Key each), then pgbench posting the same entry into plain
# tables (primary keys only), one transaction per entry, at as many clients; then 64
# connections spread over 50 cooperatives. Prints rates, p50/p99 latency and the ratios.
set -euo pipefail
bin=.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
seconds=${BENCH_SECONDS:-20}
psql "$admin" -qc "CREATE DATABASE bench"
url=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
export COOPLEDGER_DATABASE_URL="$url"
$bin migrate >/dev/null
psql "$url" -q -f bench/lib/plain-tables.sql
for n in $(seq 1 50); do
    coop=bench; [ "$n" -gt 1 ] && coop=bench-$n
    $bin coop create "$coop" --name "基准合作社 $n" >/dev/null
    $bin member add --coop "$coop" --number 7 --name 张三 >/dev/null
done
export TOKEN=$($bin token create --role admin --all-coops 2>/dev/null)

port=18181
$bin serve --port $port --connections 16 > /tmp/coopledger-bench-server.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

wrk_run() { # CONNECTIONS COOPS → "rate p50 p99"
    COOPS=$2 wrk -t2 -c"$1" -d"${seconds}s" --latency -s bench/lib/post-entry.lua "http://127.0.0.1:$port" > /tmp/wrk.out 2>&1 || true
    cat /tmp/wrk.out >&2
    awk '/Requests\/sec/ { rate = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } END { print rate, p50, p99 }' /tmp/wrk.out
}
pgbench_run() { # CLIENTS → tps
    pgbench -n -c "$1" -j 2 -T "$seconds" -f bench/lib/post-plain.pgbench "$url" 2>&1 | tee /dev/stderr | awk '/^tps/ { print $3 }'
}

# Warm-up: a journal the planner has never seen (a fresh database's first minute, before
# autovacuum has analyzed it) is planned as if empty, and key lookups then walk a whole
# cooperative's entries. Post for a few seconds, then analyze, as a server that has run
# for a minute has.
echo "warm-up: posting for 5 s, then ANALYZE…" >&2
COOPS=50 wrk -t2 -c16 -d5s -s bench/lib/post-entry.lua "http://127.0.0.1:$port" >/dev/null 2>&1 || true
psql "$url" -qc "ANALYZE"

echo "wrk, 8 connections, one cooperative…" >&2;   read -r http8 p50_8 p99_8 < <(wrk_run 8 1)
echo "wrk, 64 connections, one cooperative…" >&2;  read -r http64 p50_64 p99_64 < <(wrk_run 64 1)
echo "wrk, 64 connections, 50 cooperatives…" >&2;  read -r http50 p50_50 p99_50 < <(wrk_run 64 50)
kill -TERM $server; wait $server 2>/dev/null || true
trap - EXIT
echo "pgbench into plain tables, 8 clients…" >&2;  pg8=$(pgbench_run 8)
echo "pgbench into plain tables, 64 clients…" >&2; pg64=$(pgbench_run 64)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "durable server (fsync, synchronous_commit, full_page_writes on), ${seconds} s each"
echo "HTTP, 8 connections, 1 cooperative:    ${http8}/s  p50 ${p50_8}  p99 ${p99_8}"
echo "HTTP, 64 connections, 1 cooperative:   ${http64}/s  p50 ${p50_64}  p99 ${p99_64}"
echo "HTTP, 64 connections, 50 cooperatives: ${http50}/s  p50 ${p50_50}  p99 ${p99_50}"
echo "pgbench plain tables, 8 clients:       ${pg8} tps"
echo "pgbench plain tables, 64 clients:      ${pg64} tps"
echo "ratio at 8:  $(ratio "$http8" "$pg8") (target ≥ 1.0)"
echo "ratio at 64: $(ratio "$http64" "$pg64") (target ≥ 1.5); over 50 cooperatives: $(ratio "$http50" "$pg64")"
