-- The district's households figures straight from the tables, one statement: households
-- reached (members of the year and non-member households dealt with), the poor among them,
-- the purchase premium, and income to poor households (their premium: the benchmark's only
-- channel). The baseline `district report households` is measured against.
WITH purchase AS (
    SELECT d.coop_id, d.member_no, d.household_no, d.amount_fen - d.market_value_fen AS premium
    FROM purchases d JOIN journal_entries e USING (coop_id, entry_id)
    WHERE e.entry_date BETWEEN '2026-01-01' AND '2026-12-31'
), reached AS (
    SELECT m.coop_id, m.is_poor_household AS poor, coalesce(sum(p.premium), 0) AS premium
    FROM members m LEFT JOIN purchase p ON p.coop_id = m.coop_id AND p.member_no = m.member_no
    GROUP BY m.coop_id, m.member_no, m.is_poor_household
    UNION ALL
    SELECT h.coop_id, h.poverty <> 'none', sum(p.premium)
    FROM households h JOIN purchase p ON p.coop_id = h.coop_id AND p.household_no = h.household_no
    GROUP BY h.coop_id, h.household_no, h.poverty
)
SELECT count(*), count(*) FILTER (WHERE poor), to_char(sum(premium) / 100.0, 'FM999999999990.00'),
       to_char(coalesce(sum(premium) FILTER (WHERE poor), 0) / 100.0, 'FM999999999990.00')
FROM reached;
