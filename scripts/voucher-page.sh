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
check "the wages line and its amount, grouped by thousands" has "43,200.00"
check "the total in capital numerals" has "人民币（大写）肆万叁仟贰佰元整"
check "who prepared and approved it" has "制单：王会计"
check "the approver" has "审核：李主管"
check "the receipts attached" has "附单据"
check "a screenshot to look at" test -s "$artifacts/voucher.png"
report voucher-page
