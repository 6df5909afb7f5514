#!/usr/bin/env bash
# The chain of records' cost (sql/027), on a durable throwaway server: 10,000 members
# registered in one statement with the chain's trigger and 10,000 without it (the baseline,
# the same insert into the same table), and verify's record check over all 20,000.
# Prints the times and their ratio. Uses the debug build scripts/test.sh makes.
#   bench/record-chain.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .build/debug/coopledger ] || swift build --product coopledger >&2
THROWAWAY_DURABLE=1 exec scripts/with-throwaway-postgres.sh bash -c '
    . scripts/lib/checks.sh
    fresh_database bench_records
    $bin coop create b1 --name 测试 >/dev/null
    ms() { psql "$COOPLEDGER_DATABASE_URL" -XAtq -c "\timing on" -c "$1" | sed -nE "s/^Time: ([0-9.]+) ms.*/\1/p" | tail -1; }
    chained=$(ms "INSERT INTO members (coop_id, member_no, name) SELECT '"'"'b1'"'"', g, '"'"'m'"'"' || g FROM generate_series(1, 10000) g")
    psql "$COOPLEDGER_DATABASE_URL" -Xqc "ALTER TABLE members DISABLE TRIGGER members_chained"
    plain=$(ms "INSERT INTO members (coop_id, member_no, name) SELECT '"'"'b1'"'"', g, '"'"'m'"'"' || g FROM generate_series(10001, 20000) g")
    psql "$COOPLEDGER_DATABASE_URL" -Xqc "ALTER TABLE members ENABLE TRIGGER members_chained"
    check=$(ms "SELECT count(*) FROM record_chain_problems('"'"'b1'"'"', 1000000)")
    echo "10,000 members with the chain of records: $chained ms; without (baseline): $plain ms; ratio $(awk -v a="$chained" -v b="$plain" "BEGIN { printf \"%.1f\", a / b }")"
    echo "verify'"'"'s record check over 20,000 members (10,000 of them unlinked, all named): $check ms"
'
