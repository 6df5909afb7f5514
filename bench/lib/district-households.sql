-- After district-reached.sql: the total row of `district report households` (households
-- reached, the poor among them, persons employed, income by channel).
SELECT count(*), count(*) FILTER (WHERE poor), count(*) FILTER (WHERE wages <> 0),
       to_char(sum(rent) / 100.0, 'FM999999999990.00'), to_char(sum(premium) / 100.0, 'FM999999999990.00'),
       to_char(sum(wages) / 100.0, 'FM999999999990.00'), to_char(sum(payout) / 100.0, 'FM999999999990.00'),
       to_char(sum(refund) / 100.0, 'FM999999999990.00'), to_char(sum(capital) / 100.0, 'FM999999999990.00'),
       to_char(sum(rent + premium + wages + payout + refund + capital) / 100.0, 'FM999999999990.00'),
       to_char(coalesce(sum(rent + premium + wages + payout + refund + capital) FILTER (WHERE poor), 0) / 100.0, 'FM999999999990.00')
FROM reached;
