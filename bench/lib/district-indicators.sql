-- After district-reached.sql: the total row of `district report indicators`: members of the
-- year, the households figures, and from every cooperative's postings in one pass its
-- accounts' balances at the year's end (114 split by member: what members owe is an asset,
-- what they are owed a liability; 401 生产成本 is part of 存货), the year's operating revenue and surplus, public support
-- received and bank loans. The bench checks the figures the two print alike.
,
balances AS (
    SELECT coop_id, account_code, member_no,
           sum(amount) AS closing,
           sum(amount) FILTER (WHERE entry_date >= '2026-01-01' AND kind <> 'year_end_close') AS year_movement,
           sum(amount) FILTER (WHERE entry_date >= '2026-01-01' AND kind = 'subsidy') AS subsidies
    FROM postings
    WHERE entry_date <= '2026-12-31'
    GROUP BY coop_id, account_code, member_no
), figures AS (
    SELECT sum(closing) FILTER (WHERE (account_code LIKE '1%' OR account_code LIKE '401%') AND (account_code <> '114' OR closing > 0)) AS total_assets,
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
