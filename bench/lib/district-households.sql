-- After district-reached.sql: every row of `district report households`: each cooperative's,
-- each township's and the district's households reached, the poor among them, persons
-- employed and income by channel (a household that deals with two cooperatives counts in
-- each, as the report's note says).
SELECT CASE WHEN GROUPING(r.coop_id) = 0 THEN r.coop_id WHEN GROUPING(p.township) = 0 THEN 'township:' || p.township ELSE 'district' END,
       count(*), count(*) FILTER (WHERE poor), count(*) FILTER (WHERE wages <> 0),
       to_char(sum(rent) / 100.0, 'FM999999999990.00'), to_char(sum(premium) / 100.0, 'FM999999999990.00'),
       to_char(sum(wages) / 100.0, 'FM999999999990.00'), to_char(sum(payout) / 100.0, 'FM999999999990.00'),
       to_char(sum(refund) / 100.0, 'FM999999999990.00'), to_char(sum(capital) / 100.0, 'FM999999999990.00'),
       to_char(sum(rent + premium + wages + payout + refund + capital) / 100.0, 'FM999999999990.00'),
       to_char(coalesce(sum(rent + premium + wages + payout + refund + capital) FILTER (WHERE poor), 0) / 100.0, 'FM999999999990.00')
FROM reached r JOIN cooperative_districts p ON p.coop_id = r.coop_id
WHERE p.district_code = 'baiyin'
GROUP BY GROUPING SETS ((r.coop_id), (p.township), ());
