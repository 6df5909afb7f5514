#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh with THROWAWAY_DURABLE=1 (issue 14: every
# commit flushed, as in production). For 8 and 64 connections: two-line entries posted over
# HTTP by wrk (one new Idempotency-Key each), then pgbench posting the same entry into plain
# tables (primary keys only), one transaction per entry, at as many clients; then 64
# connections spread over 50 cooperatives, and over a district's 553 (a random cooperative per
# request). Prints rates, p50/p99 latency and the ratios against the targets of issue 27.
set -euo pipefail
bin=.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
seconds=${BENCH_SECONDS:-20}
psql "$admin" -qc "CREATE DATABASE bench"
url=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
export COOPLEDGER_DATABASE_URL="$url"
$bin migrate >/dev/null
psql "$url" -q -f bench/lib/plain-tables.sql
echo "creating 553 cooperatives…" >&2
create_cooperative() { # N: bench, bench-2 … bench-553, each with member 7
    local coop=bench; [ "$1" -gt 1 ] && coop=bench-$1
    $bin coop create "$coop" --name "基准合作社 $1" >/dev/null
    $bin member add --coop "$coop" --number 7 --name 张三 >/dev/null
}
export -f create_cooperative; export bin
seq 1 553 | xargs -P 4 -I{} bash -c 'create_cooperative {}'
export TOKEN=$($bin token create --role admin --all-coops 2>/dev/null)

port=18181
$bin serve --port $port --connections 16 > /tmp/coopledger-bench-server.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

# Where the two cores go: CPU time of PostgreSQL (the postmaster, its live children, and the
# children that ended, which the kernel adds to the postmaster's), of `serve`, and of the
# load generator, per request. With every process on the same two cores, 2,000 ms of CPU a
# second over the sum per request bounds the rate.
postmaster=$(head -n 1 "$(printf '%s' "$admin" | sed 's#.*host=##')/data/postmaster.pid")
ticks=$(getconf CLK_TCK)
postgres_ticks() {
    { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat"
      for pid in $(pgrep -P "$postmaster"); do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true; done
    } | awk '{ sum += $1 } END { print sum }'
}
process_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
per_request() { # TICKS COUNT → milliseconds of CPU per request
    awk -v t="$1" -v n="$2" -v hz="$ticks" 'BEGIN { printf "%.2f", (n > 0 ? t / hz * 1000 / n : 0) }'
}
cpu_ticks() { awk -v hz="$ticks" '{ printf "%.0f", ($1 + $2) * hz }' "$1"; }  # /usr/bin/time's "%U %S"
cpu_line() { # LABEL COUNT POSTGRES_TICKS CLIENT_NAME CLIENT_TICKS [SERVE_TICKS]
    local serve=${6:-0} parts
    parts="PostgreSQL $(per_request "$3" "$2") ms"
    [ -n "${6:-}" ] && parts+=", coopledger serve $(per_request "$serve" "$2") ms"
    local total=$(( $3 + serve + $5 ))
    echo "$1 CPU per request: $parts, $4 $(per_request "$5" "$2") ms; in all $(per_request "$total" "$2") ms, so at most $(awk -v t="$total" -v n="$2" -v hz="$ticks" 'BEGIN { printf "%.0f", (t > 0 ? 2 * n / (t / hz) : 0) }') /s on two cores"
}

wrk_run() { # CONNECTIONS COOPS → "rate p50 p99"
    local pg0 serve0 pg1 serve1
    pg0=$(postgres_ticks); serve0=$(process_ticks "$server")
    COOPS=$2 /usr/bin/time -f "%U %S" -o /tmp/wrk.cpu wrk -t2 -c"$1" -d"${seconds}s" --latency -s bench/lib/post-entry.lua "http://127.0.0.1:$port" > /tmp/wrk.out 2>&1 || true
    pg1=$(postgres_ticks); serve1=$(process_ticks "$server")
    cat /tmp/wrk.out >&2
    cpu_line "HTTP, $1 connections, $2 cooperative(s):" "$(awk '/requests in/ { print $1 }' /tmp/wrk.out)" \
        $((pg1 - pg0)) wrk "$(cpu_ticks /tmp/wrk.cpu)" $((serve1 - serve0)) >> /tmp/http-cpu.out
    awk '/Requests\/sec/ { rate = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } END { print rate, p50, p99 }' /tmp/wrk.out
}
pgbench_run() { # CLIENTS → tps
    local pg0 pg1
    pg0=$(postgres_ticks)
    /usr/bin/time -f "%U %S" -o /tmp/pgbench.cpu pgbench -n -c "$1" -j 2 -T "$seconds" -f bench/lib/post-plain.pgbench "$url" > /tmp/pgbench.out 2>&1
    pg1=$(postgres_ticks)
    cat /tmp/pgbench.out >&2
    cpu_line "pgbench, $1 clients:" "$(awk '/number of transactions actually processed/ { print $NF }' /tmp/pgbench.out)" \
        $((pg1 - pg0)) pgbench "$(cpu_ticks /tmp/pgbench.cpu)" >> /tmp/http-cpu.out
    awk '/^tps/ { print $3 }' /tmp/pgbench.out
}
: > /tmp/http-cpu.out

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
# BENCH_PROFILE=1 (with THROWAWAY_OPTIONS="-c shared_preload_libraries=pg_stat_statements
# -c pg_stat_statements.track=all"): where PostgreSQL's time goes over 553 cooperatives, each
# statement with those the functions and triggers it calls run (nested, so they overlap).
[ "${BENCH_PROFILE:-}" = 1 ] && psql "$url" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null
echo "wrk, 64 connections, 553 cooperatives…" >&2; read -r http553 p50_553 p99_553 < <(wrk_run 64 553)
[ "${BENCH_PROFILE:-}" = 1 ] && psql "$url" -P pager=off -c "
    SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
           toplevel, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40" > /tmp/http-profile.txt
kill -TERM $server; wait $server 2>/dev/null || true
trap - EXIT
echo "pgbench into plain tables, 8 clients…" >&2;  pg8=$(pgbench_run 8)
echo "pgbench into plain tables, 64 clients…" >&2; pg64=$(pgbench_run 64)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "durable server (fsync, synchronous_commit, full_page_writes on), ${seconds} s each"
echo "HTTP, 8 connections, 1 cooperative:    ${http8}/s  p50 ${p50_8}  p99 ${p99_8}"
echo "HTTP, 64 connections, 1 cooperative:   ${http64}/s  p50 ${p50_64}  p99 ${p99_64}"
echo "HTTP, 64 connections, 50 cooperatives: ${http50}/s  p50 ${p50_50}  p99 ${p99_50}"
echo "HTTP, 64 connections, 553 cooperatives: ${http553}/s  p50 ${p50_553}  p99 ${p99_553} (target p99 ≤ 100 ms)"
echo "pgbench plain tables, 8 clients:       ${pg8} tps"
echo "pgbench plain tables, 64 clients:      ${pg64} tps"
echo "ratio at 8:  $(ratio "$http8" "$pg8") (target ≥ 0.3)"
echo "ratio at 64: $(ratio "$http64" "$pg64") (target ≥ 0.6); over 50 cooperatives: $(ratio "$http50" "$pg64"); over 553: $(ratio "$http553" "$pg64") (target ≥ 0.5)"
cat /tmp/http-cpu.out
