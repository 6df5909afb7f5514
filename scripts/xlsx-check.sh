#!/usr/bin/env bash
# Excel out (issue 30): every statement of the sample cooperative written with `--format xlsx`
# is read back with openpyxl (PyPI), and every figure equals the statement's JSON to the fen:
# amounts are numbers formatted #,##0.00, dates are dates, words are text; the title,
# 编制单位, period and 单位：元 stand above the table, the header row is frozen, the sheet is
# set for A4. Also through the server (`?format=xlsx`) and the command line signed in to it.
# Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
need_openpyxl
fresh_database xlsx_check
export COOPLEDGER_COOP=baiyin-pig
$bin demo >/dev/null 2>&1
out=$(mktemp -d)
trap 'rm -rf "$out"; [ -n "${server:-}" ] && kill -TERM $server 2>/dev/null || true' EXIT

reports="trial-balance:--year=2025 journal:--year=2025 ledger:--year=2025:--account=121 balance-sheet:--year=2025 surplus:--year=2025 equity-changes:--year=2025 member-account:--year=2025:--member=2 benefits:--year=2025 indicators:--year=2025 assets:--year=2025"
for spec in $reports; do
    name=${spec%%:*}; args=$(echo "${spec#*:}" | tr ':' ' ')
    # shellcheck disable=SC2086
    $bin report "$name" $args --format xlsx --output "$out/$name.xlsx" 2>/dev/null
    # The statement's own JSON (the trial balance's and benefits' contract JSON differ: html → the Statement's).
    # shellcheck disable=SC2086
    $bin report "$name" $args --format csv > "$out/$name.csv"
done

# Excel in: a journal typed in a workbook (dates as dates, amounts as numbers, a shared
# memo) imports like its CSV twin; a bad cell is refused by its name, nothing written.
python3 - "$out" <<'PY'
import datetime, openpyxl, sys
out = sys.argv[1]
rows = [("key", "date", "memo", "account", "member", "debit", "credit")]
for n in range(1, 201):
    day = datetime.date(2027, 3, 1 + n % 28)
    amount = round(1234.56 + n * 0.07, 2)
    rows += [(f"x{n}", day, "饲料款", "121", None, amount, None), (f"x{n}", day, "饲料款", "102", None, None, amount)]
def save(name, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "凭证"
    for row in rows: sheet.append(row)
    for cell in sheet["B"][1:]: cell.number_format = "yyyy-mm-dd"
    book.save(f"{out}/{name}.xlsx")
    with open(f"{out}/{name}.csv", "w", encoding="utf-8") as f:
        for row in rows:
            f.write(",".join("" if v is None else (v.isoformat() if isinstance(v, datetime.date) else (f"{v:.2f}" if isinstance(v, float) else str(v))) for v in row) + "\n")
save("typed", rows)
bad = list(rows)
bad[7] = (bad[7][0], bad[7][1], bad[7][2], "999", None, bad[7][5], None)   # sheet row 8: no account 999
save("bad", bad)
PY
$bin coop create typed --name 表格社 >/dev/null
$bin coop create twin --name 对照社 >/dev/null
$bin import "$out/typed.xlsx" --coop typed >"$out/typed.out" 2>"$out/typed.err" || cat "$out/typed.err" >&2
$bin import "$out/typed.csv" --coop twin >/dev/null
$bin report trial-balance --year 2027 --format csv --coop typed | tail -n +2 > "$out/typed-tb.csv"
check "the import's summary names the workbook, not its private copy" grep -q "^$out/typed.xlsx: posted" "$out/typed.out"
$bin report trial-balance --year 2027 --format csv --coop twin | tail -n +2 > "$out/twin-tb.csv"
before=$(psql "$COOPLEDGER_DATABASE_URL" -XtAc "SELECT count(*) FROM journal_entries WHERE coop_id = 'typed'")
bad_code=0
$bin import "$out/bad.xlsx" --coop typed >/dev/null 2>"$out/bad.err" || bad_code=$?

# The same workbook through the server, and through the command line signed in to it.
: > /tmp/coopledger-xlsx-check.log
start_serve /tmp/coopledger-xlsx-check.log
token=$($bin token create --role auditor --coop "$COOPLEDGER_COOP" 2>/dev/null)
curl -sf -H "Authorization: Bearer $token" -o "$out/served.xlsx" -D "$out/served.head" \
    "http://127.0.0.1:$port/v1/coops/$COOPLEDGER_COOP/reports/balance-sheet?year=2025&format=xlsx"
printf '%s\n' coopledger-demo | $bin user add --login sun --name 孙审计 --role auditor --password-stdin >/dev/null
export COOPLEDGER_SESSION_FILE="$out/session.json"
printf '%s\n' coopledger-demo | $bin login --server "http://127.0.0.1:$port" --login sun >/dev/null
$bin report balance-sheet --year 2025 --format xlsx --output "$out/remote.xlsx" 2>/dev/null
unset COOPLEDGER_SESSION_FILE

check "the bad workbook exits 1" test "$bad_code" = 1
check "and wrote nothing" test "$(psql "$COOPLEDGER_DATABASE_URL" -XtAc "SELECT count(*) FROM journal_entries WHERE coop_id = 'typed'")" = "$before"
CHECKED_PASSED=$passed CHECKED_FAILED=$failed python3 - "$out" $reports <<'PY'
import csv, datetime, io, openpyxl, os, sys
out, specs = sys.argv[1], sys.argv[2:]
passed, failed = int(os.environ["CHECKED_PASSED"]), int(os.environ["CHECKED_FAILED"])
def check(name, ok, detail=""):
    global passed, failed
    if ok: passed += 1
    else: failed += 1; print(f"FAILED: {name} {detail}", file=sys.stderr)

def fen(text):
    sign = -1 if text.startswith("-") else 1
    whole, _, cents = text.lstrip("-").partition(".")
    return sign * (int(whole) * 100 + int(cents))

for spec in specs:
    name = spec.split(":")[0]
    book = openpyxl.load_workbook(f"{out}/{name}.xlsx")
    sheet = book.worksheets[0]
    rows = list(csv.reader(io.StringIO(open(f"{out}/{name}.csv", encoding="utf-8-sig").read())))
    header, body = rows[0], rows[1:]
    check(f"{name}: the title, 编制单位 and 单位：元 above the table",
          bool(sheet["A1"].value) and str(sheet["A2"].value).startswith("编制单位：") and any(c.value == "单位：元" for c in sheet[2]))
    check(f"{name}: the header row is frozen", sheet.freeze_panes == "A5", sheet.freeze_panes)
    check(f"{name}: A4", sheet.page_setup.paperSize in (9, "9"), sheet.page_setup.paperSize)
    check(f"{name}: the header row", [c.value for c in sheet[4]][:len(header)] == [("行次" if h == "line" else h) for h in header])
    mismatches = 0
    amounts = dates = 0
    for number, expected in enumerate(body, start=5):
        cells = sheet[number][:len(expected)]
        for text, cell in zip(expected, cells):
            value = cell.value
            if text == "":
                ok = value is None
            elif isinstance(value, (int, float)) and "." in text:
                ok = round(value * 100) == fen(text) and cell.number_format == "#,##0.00"
                amounts += 1
            elif isinstance(value, (int, float)):
                ok = int(value) == int(text)
            elif isinstance(value, datetime.datetime):
                ok = value.date().isoformat() == text and cell.number_format == "yyyy-mm-dd"
                dates += 1
            else:
                ok = str(value).strip() == text.strip()
            if not ok:
                mismatches += 1
                if mismatches <= 3: print(f"  {name} {cell.coordinate}: {value!r} for {text!r}", file=sys.stderr)
    check(f"{name}: every cell equals the statement's, {amounts} amounts as numbers to the fen, {dates} dates as dates", mismatches == 0)
    if name == "journal": check("the journal's days are dates", dates > 0)
excel_in = open(f"{out}/typed-tb.csv").read()
check("a journal typed in a workbook imports like its CSV twin", excel_in == open(f"{out}/twin-tb.csv").read() and "121" in excel_in)
bad_error = open(f"{out}/bad.err").read()
check("a bad cell is refused by its name", "bad.xlsx:凭证!D8" in bad_error, bad_error[:300])
def cells(path):
    return [[c.value for c in row] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows()]
local = cells(f"{out}/balance-sheet.xlsx")
head = open(f"{out}/served.head").read().lower()
check("the API serves the workbook", "spreadsheetml" in head and 'filename="baiyin-pig-balance-sheet.xlsx"' in head)
check("the API's workbook is the command line's", cells(f"{out}/served.xlsx") == local)
check("signed in to the server, the command line writes the same workbook", cells(f"{out}/remote.xlsx") == local)
print(f"xlsx-check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
