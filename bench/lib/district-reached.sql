-- The households a district's cooperatives reached in 2026, straight from the tables, as
-- someone would write it by hand: the members of the year, and the non-member households
-- dealt with in it (a household that became a member counted once, in its member's row),
-- each with its income by channel. The common part of the raw SQL bench/district.sh measures
-- the reports against: district-households.sql and district-indicators.sql follow it.
WITH payable AS (
    SELECT coop_id, member_no,
           -sum(amount) FILTER (WHERE account_code = '114' AND kind = 'land_fee_accrual') AS rent,
           -sum(amount) FILTER (WHERE account_code IN ('212', '213') AND kind = 'payroll') AS wages,
           -sum(amount) FILTER (WHERE account_code = '215' AND kind = 'loan_equity_payout') AS payout,
           -sum(amount) FILTER (WHERE account_code = '221' AND kind = 'surplus_distribution') AS refund,
           -sum(amount) FILTER (WHERE account_code = '222' AND kind = 'surplus_distribution') AS capital
    FROM postings
    WHERE member_no IS NOT NULL AND account_code IN ('114', '212', '213', '215', '221', '222') AND entry_date BETWEEN '2026-01-01' AND '2026-12-31'
    GROUP BY coop_id, member_no
), premium AS (
    SELECT d.coop_id, d.member_no, d.household_no, e.entry_date, d.amount_fen - d.market_value_fen AS premium
    FROM purchases d JOIN journal_entries e USING (coop_id, entry_id)
    WHERE e.entry_date <= '2026-12-31' AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
), member_rows AS (
    SELECT m.coop_id, m.member_no, m.is_poor_household AS poor, coalesce(p.rent, 0) AS rent, coalesce(d.premium, 0) AS premium,
           coalesce(p.wages, 0) AS wages, coalesce(p.payout, 0) AS payout, coalesce(p.refund, 0) AS refund, coalesce(p.capital, 0) AS capital
    FROM members m
    LEFT JOIN payable p USING (coop_id, member_no)
    LEFT JOIN (SELECT coop_id, member_no, sum(premium) AS premium FROM premium WHERE member_no IS NOT NULL AND entry_date >= '2026-01-01'
               GROUP BY coop_id, member_no) d USING (coop_id, member_no)
    WHERE (m.joined_on IS NULL OR m.joined_on <= '2026-12-31') AND (m.left_on IS NULL OR m.left_on > '2026-01-01')
), household_dealings AS (
    SELECT coop_id, household_no, 0 AS rent, premium, 0 AS wages, entry_date FROM premium WHERE household_no IS NOT NULL
    UNION ALL
    SELECT l.coop_id, l.household_no, 0, 0, l.amount_fen, e.entry_date
    FROM payroll_lines l JOIN journal_entries e USING (coop_id, entry_id)
    WHERE l.household_no IS NOT NULL AND e.entry_date <= '2026-12-31'
      AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
    UNION ALL
    SELECT s.coop_id, s.household_no, 0, 0, 0, e.entry_date
    FROM sales s JOIN journal_entries e USING (coop_id, entry_id)
    WHERE s.household_no IS NOT NULL AND e.entry_date <= '2026-12-31'
      AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
    UNION ALL
    SELECT le.coop_id, le.household_no, -p.amount, 0, 0, e.entry_date
    FROM leases le
    JOIN journal_entries e ON e.coop_id = le.coop_id AND e.idempotency_key = 'lease:' || le.lease_id || ':fee:2026'
    JOIN postings p ON p.coop_id = e.coop_id AND p.entry_id = e.entry_id AND p.account_code = '211'
    WHERE le.household_no IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
), household_rows AS (
    SELECT h.coop_id, h.member_no AS became, h.poverty <> 'none' AS poor,
           sum(d.rent) AS rent, sum(d.premium) AS premium, sum(d.wages) AS wages
    FROM households h JOIN household_dealings d USING (coop_id, household_no)
    WHERE d.entry_date >= '2026-01-01'
    GROUP BY h.coop_id, h.household_no, h.member_no, h.poverty
), reached AS (
    SELECT m.coop_id, m.poor OR coalesce(h.poor, false) AS poor, m.rent + coalesce(h.rent, 0) AS rent, m.premium + coalesce(h.premium, 0) AS premium,
           m.wages + coalesce(h.wages, 0) AS wages, m.payout, m.refund, m.capital
    FROM member_rows m LEFT JOIN household_rows h ON h.coop_id = m.coop_id AND h.became = m.member_no
    UNION ALL
    SELECT h.coop_id, h.poor, h.rent, h.premium, h.wages, 0, 0, 0
    FROM household_rows h
    WHERE NOT EXISTS (SELECT 1 FROM member_rows m WHERE m.coop_id = h.coop_id AND m.member_no = h.became)
)
