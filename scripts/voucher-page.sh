#!/usr/bin/env bash
# The printed voucher in a real browser: the sample cooperative's first March voucher
# (王会计 prepared it, 李主管 approved it) printed to HTML, opened in headless Chromium, its
# rendered text checked, and a screenshot kept in $ARTIFACTS (default .build/artifacts) to
# look at. Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database voucher_page
artifacts=${ARTIFACTS:-.build/artifacts}
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$bin demo >/dev/null 2>&1
$bin voucher print 记-2026-03-0001 --output "$work/voucher.html" 2>/dev/null
browser=$(command -v chromium || command -v chromium-browser)
# As root Chromium needs --no-sandbox; the page is our own file.
"$browser" --headless --no-sandbox --disable-gpu --dump-dom "file://$work/voucher.html" 2>/dev/null > "$work/dom.html"
"$browser" --headless --no-sandbox --disable-gpu --window-size=800,560 --screenshot="$artifacts/voucher.png" "file://$work/voucher.html" >/dev/null 2>&1
text=$(sed -e 's/<[^>]*>//g' "$work/dom.html")
has() { grep -qF -- "$1" <<<"$text"; }
check "the title and number" has "记-2026-03-0001"
check "the pig sales line and its amount, grouped by thousands" has "501,500.00"
check "the total in capital numerals" has "人民币（大写）伍拾万壹仟伍佰元整"
check "who prepared and approved it" has "制单：王会计"
check "the approver" has "审核：李主管"
check "the receipts attached" has "附单据"
check "a screenshot to look at" test -s "$artifacts/voucher.png"

# The sample's longest voucher, printed to PDF: one A5 page per five lines, 过次页 and 承前页
# between them, and a PNG of each page to look at.
long=$(psql "$COOPLEDGER_DATABASE_URL" -XAtc "SELECT '记-' || to_char(v.month, 'YYYY-MM') || '-' || lpad(v.number::text, 4, '0') || ' ' || count(*)
    FROM voucher_numbers v JOIN postings p ON p.coop_id = v.coop_id AND p.entry_id = v.entry_id
    GROUP BY v.month, v.number ORDER BY count(*) DESC, 1 LIMIT 1")
number=${long% *}
lines=${long#* }
$bin voucher print "$number" --output "$work/long.html" 2>/dev/null
"$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$artifacts/voucher-long.pdf" "file://$work/long.html" >/dev/null 2>&1
"$browser" --headless --no-sandbox --disable-gpu --dump-dom "file://$work/long.html" 2>/dev/null > "$work/long-dom.html"
expected=$(( (lines + 4) / 5 ))
printed=$(python3 -c "import re,sys; print(len(re.findall(rb'/Type\s*/Page[^s]', open(sys.argv[1], 'rb').read())))" "$artifacts/voucher-long.pdf")
check "the $lines-line voucher $number prints on $expected A5 pages ($printed)" test "$printed" = "$expected"
text=$(sed -e 's/<[^>]*>//g' "$work/long-dom.html")
check "a page ends 过次页" has "过次页"
check "the next begins 承前页" has "承前页"
command -v pdftoppm >/dev/null && pdftoppm -png -r 60 "$artifacts/voucher-long.pdf" "$artifacts/voucher-long" || true
report voucher-page
