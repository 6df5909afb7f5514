-- Two of the district's indicator totals straight from the tables: members, and operating
-- revenue (501's credits in the year).
SELECT (SELECT count(*) FROM members),
       (SELECT to_char(-sum(amount) / 100.0, 'FM999999999990.00') FROM postings
        WHERE account_code = '501' AND entry_date BETWEEN '2026-01-01' AND '2026-12-31');
