-- The sums `dividend preview --year 2026` reads, as raw GROUP BY queries (bench/distribution.sh).
SELECT account_code, sum(amount) FROM postings
WHERE coop_id = 'bench' AND account_code >= '5' AND kind <> 'year_end_close' AND entry_date BETWEEN '2026-01-01' AND '2026-12-31'
GROUP BY account_code;
SELECT sum(amount) FROM postings WHERE coop_id = 'bench' AND account_code = '33202' AND entry_date < '2026-01-01';
SELECT member_no, sum(CASE WHEN kind = 'sale' THEN amount ELSE -amount END) FROM postings
WHERE coop_id = 'bench' AND account_code = '114' AND kind = ANY ('{purchase}') AND entry_date BETWEEN '2026-01-01' AND '2026-12-31'
GROUP BY member_no;
SELECT member_no, -sum(amount) FROM postings
WHERE coop_id = 'bench' AND account_code IN ('301', '311', '322') AND member_no IS NOT NULL AND entry_date <= '2026-12-31'
GROUP BY member_no;
