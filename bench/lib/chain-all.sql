-- Chain the entries set-based, as the importer does, instead of 500,000 commit-time
-- trigger firings (which find them chained and return at once).
SELECT lock_chain(:'coop');
INSERT INTO voucher_numbers (coop_id, month, number, entry_id)
SELECT :'coop', n.month, coalesce(c.last_number, 0) + row_number() OVER (PARTITION BY n.month ORDER BY n.entry_id), n.entry_id
FROM (SELECT entry_id, date_trunc('month', entry_date)::date AS month FROM journal_entries e
      WHERE e.coop_id = :'coop' AND NOT EXISTS (SELECT 1 FROM voucher_numbers v WHERE v.coop_id = e.coop_id AND v.entry_id = e.entry_id)) AS n
LEFT JOIN voucher_counters c ON c.coop_id = :'coop' AND c.month = n.month
ORDER BY n.entry_id;
WITH lines AS (
    SELECT p.entry_id, json_agg(canonical_line_v2(p) ORDER BY p.line_no) AS lines
    FROM postings p WHERE p.coop_id = :'coop' GROUP BY p.entry_id
)
INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
SELECT :'coop', e.entry_id, head.chain_seq + row_number() OVER (ORDER BY e.entry_id),
       chain_hash(head.hash, entry_canonical_v3(e, v.month, v.number, l.lines)) OVER (ORDER BY e.entry_id), 3
FROM journal_entries e JOIN lines l USING (entry_id) CROSS JOIN chain_head(:'coop') AS head
LEFT JOIN voucher_numbers v ON v.coop_id = e.coop_id AND v.entry_id = e.entry_id
WHERE e.coop_id = :'coop'
  AND NOT EXISTS (SELECT 1 FROM entry_hashes h WHERE h.coop_id = e.coop_id AND h.entry_id = e.entry_id);
