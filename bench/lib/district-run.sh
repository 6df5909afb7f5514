#!/usr/bin/env bash
set -euo pipefail
bin=${COOPLEDGER_BIN:-.build/release/coopledger}
coops=${COOPS:-553}
# DISTRICT_BOOKS_URL: the books a run before loaded (its database kept), measured again
# without the twenty minutes of loading.
if [ -n "${DISTRICT_BOOKS_URL:-}" ]; then
    url="$DISTRICT_BOOKS_URL"
else
    admin="$COOPLEDGER_TEST_DATABASE_URL"
    psql "$admin" -qc "CREATE DATABASE bench"
    url=$(printf '%s' "$admin" | sed 's#/postgres?#/bench?#')
fi
export COOPLEDGER_DATABASE_URL="$url"
now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
q() { psql "$url" -v ON_ERROR_STOP=1 -qAtc "$1"; }

if [ -z "${DISTRICT_BOOKS_URL:-}" ]; then
    $bin migrate >/dev/null
    $bin district create baiyin --name 白银区 >/dev/null
    start=$(now)
    towns=(强湾乡 水川镇 武川乡 四龙镇 王岘镇 王岘乡 城关镇 北湾镇)
    for k in $(seq 1 "$coops"); do
        code=$(printf 'c%03d' "$k")
        $bin coop create "$code" --name "白银第${k}合作社" --district baiyin --township "${towns[$((k % 8))]}" >/dev/null
    done
    echo "created $coops cooperatives in $(minus "$(now)" "$start") s" >&2

    start=$(now)
    psql "$url" -v ON_ERROR_STOP=1 -q -v coops="$coops" -f bench/lib/district-books.sql
    echo "loaded their books in $(minus "$(now)" "$start") s: $(q "SELECT count(*) FROM journal_entries") entries, $(q "SELECT count(*) FROM postings") postings, $(q "SELECT count(*) FROM members") members" >&2

    # The year's end as each cooperative's bookkeeper does it, through the command line:
    # the leases' fees accrued and paid, the loans' payouts accrued, and the run posted
    # (which closes the year). Two cooperatives at a time, one per core.
    year_end() {
        export COOPLEDGER_COOP=$1
        $bin lease accrue --year 2026 && $bin lease pay --year 2026 && $bin loan-equity payout --year 2026 && $bin dividend post --year 2026
    }
    export -f year_end
    export bin
    start=$(now)
    for k in $(seq 1 "$coops"); do printf 'c%03d\n' "$k"; done | xargs -P 2 -I{} bash -c 'year_end {} >/dev/null'
    echo "closed the year of $coops cooperatives (leases, loans, runs) in $(minus "$(now)" "$start") s: $(q "SELECT count(*) FROM journal_entries") entries, $(q "SELECT count(*) FROM distribution_runs") runs" >&2
fi

out=$(mktemp -d)
# Each of the three measured three times, in turn (so none runs on caches the others warmed
# alone), and the median kept: the disk these machines share moves single runs by half.
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
timed() { local t0; t0=$(now); "$@"; minus "$(now)" "$t0"; }
report_json() { $bin district report "$1" --district baiyin --year 2026 --format json > "$out/$1.json"; }
raw_sql() { cat bench/lib/district-reached.sql "bench/lib/district-$1.sql" | psql "$url" -XqAt -f - > "$out/raw.txt"; }
raw_sql_nojit() { cat bench/lib/district-reached.sql "bench/lib/district-$1.sql" | PGOPTIONS='-c jit=off' psql "$url" -XqAt -f - >/dev/null; }
measure() {  # sets report, raw, raw_nojit: the medians for district report $1
    local r=() s=() n=()
    for _ in 1 2 3; do
        r+=("$(timed report_json "$1")"); s+=("$(timed raw_sql "$1")"); n+=("$(timed raw_sql_nojit "$1")")
    done
    report=$(median "${r[@]}"); raw=$(median "${s[@]}"); raw_nojit=$(median "${n[@]}")
    echo "  $1: report ${r[*]} s; raw SQL ${s[*]} s; without JIT ${n[*]} s (medians below)"
}

measure households
python3 bench/lib/district-agree.py "$out/households.json" "$out/raw.txt" \
    households_reached,poor_households_reached,persons_employed,land_rent,purchase_premium,wages,loan_equity_payout,patronage_refund,capital_share,total,poor_households_income
echo "district report households, $coops cooperatives: ${report} s; raw SQL of the same sums (every row): ${raw} s; ratio $(ratio "$report" "$raw")x (target 1.5x)"
echo "  (coopledger compiles nothing by JIT; the raw SQL without JIT: ${raw_nojit} s, ratio $(ratio "$report" "$raw_nojit")x)"

measure indicators
python3 bench/lib/district-agree.py "$out/indicators.json" "$out/raw.txt" \
    members,households_reached,poor_households_reached,persons_employed,total_assets,operating_revenue,surplus,subsidies_received,bank_loans
echo "district report indicators, $coops cooperatives: ${report} s; raw SQL of nine of its figures (every row): ${raw} s; ratio $(ratio "$report" "$raw")x (target 1.5x)"
echo "  (coopledger compiles nothing by JIT; the raw SQL without JIT: ${raw_nojit} s, ratio $(ratio "$report" "$raw_nojit")x)"

# The supervisor's route: signs in, asks for the households report over HTTP.
printf 'zhao-secret-12\n' | $bin user add --login zhao --name 赵站长 --role supervisor --district baiyin --password-stdin >/dev/null
$bin db service-login >/dev/null
port=$((20000 + RANDOM % 20000))
serve_started=$(now)
COOPLEDGER_SERVICE_DATABASE_URL=$(printf '%s' "$url" | sed "s#//postgres@#//coopledger_web@#") $bin serve --port "$port" > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/coops/c001/sessions" -H 'Content-Type: application/json' -d '{"login":"zhao","password":"zhao-secret-12"}' \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
get() {  # seconds for the supervisor's GET of a district report
    curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/districts/baiyin/reports/$1?year=2026"
}
# serve keeps the district's figures current in the background (DistrictFiguresKeeper): at
# its start every cooperative's, then every second those of the cooperatives that posted. A
# view computes only what changed since the keeper's last round.
rounds() { grep -c 'district figures kept current' "$out/serve.log" || true; }
next_round() {  # waits for the keeper's round after the $1 seen so far; prints its log line
    for _ in $(seq 1 900); do
        if [ "$(rounds)" -gt "$1" ]; then grep 'district figures kept current' "$out/serve.log" | tail -n 1 | sed 's/.*district figures/district figures/'; return; fi
        sleep 0.2
    done
    echo "serve kept no district figures within 180 s" >&2
    exit 1
}
kept=$(next_round 0)
echo "serve at its start: $kept ($(minus "$(now)" "$serve_started") s after it was started)"
for name in indicators households poor-households status; do
    echo "GET /v1/districts/baiyin/reports/$name as the supervisor: first view $(get "$name") s, again $(get "$name") s (the page's bound: 1 s)"
done
# 2026 is closed by the runs: the cooperatives post in the new year.
late_entries() {  # an entry in each of the first $1 cooperatives
    for k in $(seq 1 "$1"); do
        COOPLEDGER_COOP=$(printf 'c%03d' "$k") $bin post --date 2027-01-05 --memo "new year's sale" \
            --debit 102=10.00 --credit 501=10.00 --key "late-$$-$2-$k" >/dev/null
    done
}
many=$((coops < 55 ? coops : 55))  # a tenth of the district
for changed in 1 "$many"; do
    late_entries "$changed" "at-once-$changed"
    echo "after an entry in $changed of $coops cooperatives, at once (the view computes those the keeper has not yet): indicators $(get indicators) s, households $(get households) s"
done
seen=$(rounds)
late_entries "$many" "then-kept"
# The keeper's rounds are a second apart: the posting's changes are kept once a round finds
# nothing left to compute (it logs only rounds that computed something).
for _ in $(seq 1 30); do
    before=$(rounds); sleep 6
    [ "$(rounds)" = "$before" ] && break
done
kept=$(grep 'district figures kept current' "$out/serve.log" | tail -n +"$((seen + 1))" | sed 's/.*kept current: //' | paste -sd ';' -)
echo "after an entry in $many of $coops cooperatives and the keeper's rounds since ($kept): indicators $(get indicators) s, households $(get households) s"
# The supervisor's workbench pages: the same reports, rendered with their charts.
jar="$out/cookies"
csrf=$(curl -sf -c "$jar" "http://127.0.0.1:$port/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode login=zhao --data-urlencode password=zhao-secret-12 --data-urlencode "csrf=$csrf" \
    "http://127.0.0.1:$port/sign-in"
page() { curl -sf -b "$jar" -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/districts/baiyin$1?year=2026"; }
for path in "" /households /poor-households /status; do
    echo "the supervisor's page /districts/baiyin$path: $(page "$path") s, again $(page "$path") s (bound: 1 s)"
done
echo "serve's resident memory with the figures kept: $(( $(ps -o rss= -p "$server") / 1024 )) MB"
# What the keeper's rounds cost while nothing changes: serve's CPU over 20 idle seconds.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
ticks=$(cpu_ticks); sleep 20
echo "serve's CPU while idle (the keeper's rounds finding nothing changed): $(awk -v t="$(( $(cpu_ticks) - ticks ))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", 100 * t / hz / 20 }')% of a core"
