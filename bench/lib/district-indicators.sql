-- After district-reached.sql: nine figures of every row of `district report indicators` (each
-- cooperative's, each township's and the district's): members of the year, the households
-- figures, and from every cooperative's postings in one pass its
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
    SELECT coop_id,
           sum(closing) FILTER (WHERE (account_code LIKE '1%' OR account_code LIKE '401%') AND (account_code <> '114' OR closing > 0)) AS total_assets,
           -sum(year_movement) FILTER (WHERE account_code LIKE '501%') AS operating_revenue,
           -sum(year_movement) FILTER (WHERE account_code LIKE '5%') AS surplus,
           coalesce(-sum(subsidies) FILTER (WHERE account_code LIKE '311%'), 0) AS subsidies_received,
           coalesce(-sum(closing) FILTER (WHERE account_code LIKE '201%' OR (account_code LIKE '231%' AND member_no IS NULL)), 0) AS bank_loans
    FROM balances
    GROUP BY coop_id
), members_of_year AS (
    SELECT coop_id, count(*) AS members FROM members
    WHERE (joined_on IS NULL OR joined_on <= '2026-12-31') AND (left_on IS NULL OR left_on > '2026-01-01')
    GROUP BY coop_id
), households AS (
    SELECT coop_id, count(*) AS households, count(*) FILTER (WHERE poor) AS poor, count(*) FILTER (WHERE wages <> 0) AS employed
    FROM reached GROUP BY coop_id
)
SELECT CASE WHEN GROUPING(p.coop_id) = 0 THEN p.coop_id WHEN GROUPING(p.township) = 0 THEN 'township:' || p.township ELSE 'district' END,
       coalesce(sum(m.members), 0), coalesce(sum(h.households), 0), coalesce(sum(h.poor), 0), coalesce(sum(h.employed), 0),
       to_char(coalesce(sum(f.total_assets), 0) / 100.0, 'FM999999999990.00'), to_char(coalesce(sum(f.operating_revenue), 0) / 100.0, 'FM999999999990.00'),
       to_char(coalesce(sum(f.surplus), 0) / 100.0, 'FM999999999990.00'), to_char(coalesce(sum(f.subsidies_received), 0) / 100.0, 'FM999999999990.00'),
       to_char(coalesce(sum(f.bank_loans), 0) / 100.0, 'FM999999999990.00')
-- A cooperative with no postings or no members has its row all the same, of zeros.
FROM cooperative_districts p
LEFT JOIN figures f ON f.coop_id = p.coop_id
LEFT JOIN members_of_year m ON m.coop_id = p.coop_id
LEFT JOIN households h ON h.coop_id = p.coop_id
WHERE p.district_code = 'baiyin'
GROUP BY GROUPING SETS ((p.coop_id), (p.township), ());
