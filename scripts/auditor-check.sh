#!/usr/bin/env bash
# An auditor's recomputation of the hash chain outside the database, as docs/hash-chain.md
# describes: the sample cooperative's books exported with psql, scripts/verify-chain.py run
# over the export, its head compared with `coopledger verify`'s; then a member and one
# posting changed behind the triggers, which `verify` (both chains at once) and the script
# must catch. Prints `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/checks.sh
fresh_database auditor_check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$bin demo >/dev/null 2>&1
coop=baiyin-pig
export_chain() {
    psql "$COOPLEDGER_DATABASE_URL" -Xq \
        -c "\\copy (SELECT e.coop_id, e.entry_id, e.entry_date, e.kind, e.idempotency_key, e.reverses_entry_id, e.memo, (extract(epoch FROM e.created_at) * 1000000)::bigint AS created_us, v.month AS voucher_month, v.number AS voucher_number, e.prepared_by, e.approved_by, e.posted_by, e.voucher_id, e.attachments FROM journal_entries e LEFT JOIN voucher_numbers v USING (coop_id, entry_id) WHERE e.coop_id = '$coop') TO '$work/entries.csv' CSV HEADER" \
        -c "\\copy (SELECT entry_id, line_no, account_code, member_no, amount, entry_date, kind FROM postings WHERE coop_id = '$coop') TO '$work/postings.csv' CSV HEADER" \
        -c "\\copy (SELECT chain_seq, entry_id, format, encode(hash, 'hex') AS hash FROM entry_hashes WHERE coop_id = '$coop') TO '$work/links.csv' CSV HEADER"
}
export_chain
head=$($bin verify | head -1 | sed -E 's/.*chain head ([0-9a-f]{64}).*/\1/')
out=$(python3 scripts/verify-chain.py "$work/entries.csv" "$work/postings.csv" "$work/links.csv" --head "$head" || true)
echo "$out"
check "the export recomputes to coopledger's head" test "$out" = "chain intact: $(wc -l < "$work/links.csv" | awk '{print $1 - 1}') links, head $head"

# `verify` checks the records' chain beside the journal's: a member renamed behind the
# triggers is named, and the journal changed behind them too is named first.
verify_says() { $bin verify 2>&1 && echo "exit 0" || echo "exit $?"; }  # its words and exit status
psql "$COOPLEDGER_DATABASE_URL" -Xqc "SET session_replication_role = replica; UPDATE members SET name = name || '改' WHERE coop_id = '$coop' AND member_no = 3"
out=$(verify_says)
echo "$out"
check "verify names the member renamed behind the triggers (exit 1)" grep -q 'records: .*"member_no": 3}: changed outside the record chain exit 1' <<<"$(echo $out)"
psql "$COOPLEDGER_DATABASE_URL" -Xqc "SET session_replication_role = replica; UPDATE postings SET amount = amount + 1 WHERE coop_id = '$coop' AND entry_id = (SELECT min(entry_id) + 5 FROM postings WHERE coop_id = '$coop') AND line_no = 1"
export_chain
fails() { ! "$@"; }
check "a changed posting is caught from the export" fails python3 scripts/verify-chain.py "$work/entries.csv" "$work/postings.csv" "$work/links.csv"
out=$(verify_says)
echo "$out"
check "verify names the changed posting's entry first (exit 1)" grep -q "entry: 6: the hash chain breaks here (link 6): its hash does not match its contents.* exit 1" <<<"$(echo $out)"

report auditor-check
