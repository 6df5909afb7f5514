#!/usr/bin/env bash
# The district's view (issue 30) on its doors: the operator makes a district of two townships
# and three cooperatives and names its supervisor; the supervisor reads every cooperative and
# the district's reports on the command line (proven by password) and over HTTP (signed in),
# gets a district workbook, sees ID numbers masked, and writes nothing; another district's
# supervisor sees none of it. Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
need_openpyxl
fresh_database district_check
unset COOPLEDGER_USER COOPLEDGER_COOP COOPLEDGER_SERVER COOPLEDGER_TOKEN
out=$(mktemp -d)
err="$out/err"
trap 'rm -rf "$out"; [ -n "${server:-}" ] && kill -TERM $server 2>/dev/null || true' EXIT

$bin district create baiyin --name 白银区 >/dev/null
$bin district create pingchuan --name 平川区 >/dev/null
$bin coop create c1 --name 一社 --district baiyin --township 强湾乡 >/dev/null
$bin coop create c2 --name 二社 --district baiyin --township 强湾乡 >/dev/null
$bin coop create c3 --name 三社 >/dev/null
$bin coop move c3 --district baiyin --township 水川镇 >/dev/null
for c in c1 c2 c3; do
    $bin member add --coop $c --number 1 --name 张三 --id-number 620402199001011234 >/dev/null
    $bin post --coop $c --date 2026-03-01 --memo 销售 --key s1 --debit 102=1500.25 --credit 501=1500.25 >/dev/null
done
printf 'zhao-secret-1\n' | $bin user add --login zhao --name 赵站长 --role supervisor --district baiyin --password-stdin >/dev/null
printf 'qian-secret-1\n' | $bin user add --login qian --name 钱站长 --role supervisor --district pingchuan --password-stdin >/dev/null

as() { local password=$1; shift; printf '%s\n' "$password" | $bin "$@" 2>"$err"; }
refused() { # PASSWORD TEXT ARGS…: exit 1 naming TEXT
    local password=$1 text=$2 code=0; shift 2
    as "$password" "$@" >/dev/null || code=$?
    [ "$code" = 1 ] && grep -q -- "$text" "$err" || { echo "  exit $code: $(cat "$err")" >&2; return 1; }
}

as zhao-secret-1 report surplus --year 2026 --coop c3 --user zhao --format csv > "$out/surplus.csv" || true
check "the supervisor reads a cooperative's statements" grep -q "1500.25" "$out/surplus.csv"
as zhao-secret-1 district report indicators --district baiyin --year 2026 --user zhao --format csv > "$out/indicators.csv"
check "the district's operating revenue is the three cooperatives'" grep -q "白银区 合计.*4500.75" "$out/indicators.csv"
check "with a subtotal per township" grep -q "强湾乡 小计.*3000.50" "$out/indicators.csv"
check "the status report names each cooperative's last entry" bash -c "printf 'zhao-secret-1\n' | $bin district report status --district baiyin --user zhao 2>/dev/null | grep -q 2026-03-01"
check "a district workbook" bash -c "printf 'zhao-secret-1\n' | $bin district report indicators --district baiyin --year 2026 --user zhao --format xlsx --output $out/d.xlsx 2>/dev/null && test -s $out/d.xlsx"
check "one workbook, a sheet per district report" bash -c "printf 'zhao-secret-1\n' | $bin district workbook --district baiyin --year 2026 --user zhao --output $out/all.xlsx 2>/dev/null &&
    python3 -c \"import openpyxl; b = openpyxl.load_workbook('$out/all.xlsx'); assert b.sheetnames == ['合作社年度指标汇总表', '合作社带动农户情况汇总表', '脱贫户和监测户增收情况表', '合作社结账情况表'], b.sheetnames\""
check "ID numbers stay masked for the supervisor" refused zhao-secret-1 "masked" member list --coop c1 --user zhao --show-id
check "the supervisor adds no member" refused zhao-secret-1 "needs the admin role" member add --coop c1 --number 2 --name 李四 --user zhao
check "the supervisor posts nothing" refused zhao-secret-1 "needs the bookkeeper role" post --coop c1 --date 2026-03-02 --memo x --key p2 --debit 121=1 --credit 102=1 --user zhao
check "the supervisor moves no cooperative" refused zhao-secret-1 "operator" coop move c1 --district pingchuan --township 别处 --user zhao
check "another district's supervisor: not there" refused qian-secret-1 "unknown_district\|no such district" district report indicators --district baiyin --user qian
check "nor its cooperatives" refused qian-secret-1 "keeps no books there" report surplus --coop c1 --user qian

: > /tmp/coopledger-district-check.log
start_serve /tmp/coopledger-district-check.log
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/coops/c1/sessions" -H 'Content-Type: application/json' -d '{"login":"zhao","password":"zhao-secret-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
status=$(curl -s -o "$out/http.json" -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/districts/baiyin/reports/indicators?year=2026")
check "over HTTP the supervisor reads the district's report" test "$status" = 200
check "with the same total" python3 -c "
import json; rows = json.load(open('$out/http.json'))['rows']
assert [r for r in rows if r['key'] == 'district'][0]['operating_revenue'] == '4500.75'"
check "another district over HTTP: 404" test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/districts/pingchuan/reports/indicators")" = 404
check "a write over HTTP: 403" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H 'Idempotency-Key: z1' \
    -d '{"date":"2026-03-05","memo":"x","lines":[{"account":"121","debit":"1.00"},{"account":"102","credit":"1.00"}]}' "http://127.0.0.1:$port/v1/coops/c1/entries")" = 403
check "raw SQL as the supervisor: the database refuses" bash -c "! psql \"$COOPLEDGER_DATABASE_URL\" -XqAtc \"SELECT set_config('coopledger.actor', 'zhao', false); UPDATE members SET name = '改名' WHERE coop_id = 'c1'\" >/dev/null 2>&1"
check "raw SQL on the service's login, proven as the supervisor: the database refuses" bash -c "psql \"$COOPLEDGER_SERVICE_DATABASE_URL\" -XqAtc \"BEGIN; SELECT bind_actor('c1', sha256(convert_to('$token', 'UTF8'))); UPDATE members SET name = '改名' WHERE coop_id = 'c1'; COMMIT\" 2>&1 | grep -q 'only reads the books of c1'"
check "households and poor households over HTTP" bash -c "curl -sf -H 'Authorization: Bearer $token' 'http://127.0.0.1:$port/v1/districts/baiyin/reports/households?year=2026' | grep -q households_reached \
    && curl -sf -H 'Authorization: Bearer $token' 'http://127.0.0.1:$port/v1/districts/baiyin/reports/poor-households?year=2026' | grep -q '\"average\"'"
report district-check
