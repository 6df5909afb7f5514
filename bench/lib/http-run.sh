#!/usr/bin/env bash
set -euo pipefail
bin=.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
psql "$admin" -qc "CREATE DATABASE bench"
url=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
export COOPLEDGER_DATABASE_URL="$url" COOPLEDGER_COOP=bench
$bin migrate >/dev/null
$bin coop create bench --name "基准合作社" >/dev/null
$bin member add --number 7 --name 张三 >/dev/null
export TOKEN=$($bin token create --role bookkeeper --coop bench 2>/dev/null)

port=18181
$bin serve --port $port --connections 8 > /tmp/coopledger-bench-server.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

echo "wrk: POST /v1/coops/bench/entries, 8 connections, 20 s…" >&2
http=$(wrk -t2 -c8 -d20s -s bench/lib/post-entry.lua "http://127.0.0.1:$port" | tee /dev/stderr | awk '/Requests\/sec/ { print $2 }')
kill -TERM $server; wait $server 2>/dev/null || true
trap - EXIT

echo "pgbench: the same entry in SQL, 8 clients, 20 s…" >&2
pg=$(pgbench -n -c 8 -j 2 -T 20 -f bench/lib/post-entry.pgbench "$url" | tee /dev/stderr | awk '/^tps/ { print $3 }')
echo "HTTP posts: ${http}/s"
echo "pgbench:    ${pg} tps"
echo "ratio: $(awk -v a="$http" -v b="$pg" 'BEGIN { printf "%.2f", a / b }') (target ≥ 0.50)"
