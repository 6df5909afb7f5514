#!/usr/bin/env bash
# Runs inside scripts/with-throwaway-postgres.sh with THROWAWAY_DURABLE=1: see bench/sign-in-flood.sh.
set -euo pipefail
bin=.build/release/coopledger
admin="$COOPLEDGER_TEST_DATABASE_URL"
seconds=${BENCH_SECONDS:-20}
psql "$admin" -qc "CREATE DATABASE bench"
export COOPLEDGER_DATABASE_URL=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
$bin migrate >/dev/null
$bin coop create bench --name 基准合作社 >/dev/null
$bin member add --coop bench --number 7 --name 张三 >/dev/null
printf '%s\n' 'a long enough password' | $bin user add --coop bench --login wang --name 王会计 --role preparer --password-stdin >/dev/null
export TOKEN=$($bin token create --coop bench --role admin 2>/dev/null)

port=18182
base="http://127.0.0.1:$port"
$bin serve --port $port --connections 16 > /tmp/coopledger-flood-server.log 2>&1 &
server=$!
flooders=()
trap 'kill "${flooders[@]}" 2>/dev/null || true; kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done

post() { # → "rate p50 p99"
    COOPS=1 wrk -t2 -c8 -d"${seconds}s" --latency -s bench/lib/post-entry.lua "$base" > /tmp/flood-wrk.out 2>&1 || true
    awk '/Requests\/sec/ { rate = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } END { print rate, p50, p99 }' /tmp/flood-wrk.out
}
# One flooding client: sign-in forms, each with a login of its own (a repeated one would be
# locked out after five and cost nothing), a wrong password, the answer's status logged.
flood() { # N
    local jar=/tmp/flood-$1.jar n=0 token
    while :; do
        n=$((n + 1))
        token=$(curl -s -c "$jar" "$base/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
        curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" --data "csrf=$token&login=guess$1x$n&password=wrong-password&back=/coops" \
            "$base/sign-in" >> /tmp/flood-statuses
    done
}

echo "posting alone, ${seconds} s…" >&2
alone=$(post)
: > /tmp/flood-statuses
for n in $(seq 1 8); do flood "$n" & flooders+=($!); done
sleep 2
echo "posting under eight flooding clients, ${seconds} s…" >&2
flooded=$(post)
kill "${flooders[@]}" 2>/dev/null || true
checked=$(grep -c '^401$' /tmp/flood-statuses || true)
refused=$(grep -c '^429$' /tmp/flood-statuses || true)

read -r rate0 p500 p990 <<<"$alone"
read -r rate1 p501 p991 <<<"$flooded"
echo "posting alone:        $rate0 entries/s, p50 $p500, p99 $p990"
echo "under the flood:      $rate1 entries/s, p50 $p501, p99 $p991"
awk -v a="$rate0" -v b="$rate1" 'BEGIN { printf "rate under the flood / alone: %.2f\n", (a > 0 ? b / a : 0) }'
echo "sign-ins answered: $checked checked and refused (401), $refused turned away at once (429)"
