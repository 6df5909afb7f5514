-- The district's indicator totals straight from the tables, one statement, as someone would
-- write them by hand for the total row of `district report indicators`: the households
-- figures (as district-households.sql), members of the year, and from every cooperative's
-- postings in one pass: its accounts' balances at the year's end (114 split by member: what
-- members owe is an asset, what they are owed a liability), the year's operating revenue and
-- surplus, public support received and bank loans. The baseline the report is measured
-- against; the bench checks the figures the two print alike.
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
    SELECT m.poor OR coalesce(h.poor, false) AS poor, m.rent + coalesce(h.rent, 0) AS rent, m.premium + coalesce(h.premium, 0) AS premium,
           m.wages + coalesce(h.wages, 0) AS wages, m.payout, m.refund, m.capital
    FROM member_rows m LEFT JOIN household_rows h ON h.coop_id = m.coop_id AND h.became = m.member_no
    UNION ALL
    SELECT h.poor, h.rent, h.premium, h.wages, 0, 0, 0
    FROM household_rows h
    WHERE NOT EXISTS (SELECT 1 FROM member_rows m WHERE m.coop_id = h.coop_id AND m.member_no = h.became)
),
balances AS (
    SELECT coop_id, account_code, member_no,
           sum(amount) AS closing,
           sum(amount) FILTER (WHERE entry_date >= '2026-01-01' AND kind <> 'year_end_close') AS year_movement,
           sum(amount) FILTER (WHERE entry_date >= '2026-01-01' AND kind = 'subsidy') AS subsidies
    FROM postings
    WHERE entry_date <= '2026-12-31'
    GROUP BY coop_id, account_code, member_no
), figures AS (
    SELECT sum(closing) FILTER (WHERE account_code LIKE '1%' AND (account_code <> '114' OR closing > 0)) AS total_assets,
           -sum(year_movement) FILTER (WHERE account_code LIKE '501%') AS operating_revenue,
           -sum(year_movement) FILTER (WHERE account_code LIKE '5%') AS surplus,
           -sum(subsidies) FILTER (WHERE account_code LIKE '311%') AS subsidies_received,
           -sum(closing) FILTER (WHERE account_code LIKE '201%' OR (account_code LIKE '231%' AND member_no IS NULL)) AS bank_loans
    FROM balances
)
SELECT (SELECT count(*) FROM members WHERE (joined_on IS NULL OR joined_on <= '2026-12-31') AND (left_on IS NULL OR left_on > '2026-01-01')),
       r.households, r.poor, r.employed,
       to_char(f.total_assets / 100.0, 'FM999999999990.00'), to_char(f.operating_revenue / 100.0, 'FM999999999990.00'),
       to_char(f.surplus / 100.0, 'FM999999999990.00'), to_char(coalesce(f.subsidies_received, 0) / 100.0, 'FM999999999990.00'),
       to_char(coalesce(f.bank_loans, 0) / 100.0, 'FM999999999990.00')
FROM (SELECT count(*) AS households, count(*) FILTER (WHERE poor) AS poor, count(*) FILTER (WHERE wages <> 0) AS employed FROM reached) r, figures f;
