-- A year of books for each of the district benchmark's :coops cooperatives (c001…), created
-- already: written as the operator, one cooperative per statement and a commit every 25, through every
-- trigger and commit check (balance, chart, members, voucher numbers, hash chain).
--   members:    20 + (53k mod 281) per cooperative k; every eighth a poor household
--   households: 10 non-member households each, 3 of them poor; households 1 and 2 of
--               cooperatives 2m-1 and 2m share an ID number (one household, two cooperatives)
--   entries:    1,000 + (97k mod 1,000) each: 60 % purchases from members and 10 % from
--               households at 5 % above the market price, 20 % sales, 10 % costs; and capital
CREATE TEMP TABLE plan AS
SELECT k, 'c' || lpad(k::text, 3, '0') AS coop, 20 + (53 * k) % 281 AS members, 1000 + (97 * k) % 1000 AS entries
FROM generate_series(1, :coops) k;

CREATE TEMP TABLE lines AS
SELECT p.coop, p.k, n, nextval('journal_entry_id_seq') AS entry_id,
       date '2026-01-02' + (n * 7 + p.k) % 360 AS day,
       CASE WHEN n % 10 < 6 THEN 'member' WHEN n % 10 = 6 THEN 'household' WHEN n % 10 < 9 THEN 'sale' ELSE 'cost' END AS what,
       1 + n % p.members AS member_no, 1 + n % 10 AS household_no,
       (200 + (n * 37 + p.k) % 4800)::bigint * 1000 AS grams
FROM plan p CROSS JOIN LATERAL generate_series(1, p.entries) n;

INSERT INTO members (coop_id, member_no, name, is_poor_household, id_number)
SELECT p.coop, m, '成员' || m, m % 8 = 0,
       CASE WHEN m % 8 = 0 THEN '620403' || lpad(p.k::text, 8, '0') || lpad(m::text, 3, '0') || '1' END
FROM plan p CROSS JOIN LATERAL generate_series(1, p.members) m;

INSERT INTO households (coop_id, household_no, name, id_number, village, poverty)
SELECT p.coop, h, '农户' || CASE WHEN h <= 2 THEN ((p.k + 1) / 2) || '-' || h ELSE p.k || '-' || h END,
       '620402' || lpad(CASE WHEN h <= 2 THEN ((p.k + 1) / 2) ELSE 10000 + p.k END::text, 8, '0') || lpad(h::text, 3, '0') || '0',
       '第' || (1 + h % 4) || '村', CASE WHEN h <= 3 THEN 'monitored' ELSE 'none' END
FROM plan p CROSS JOIN generate_series(1, 10) h;

-- Market price 2.00 yuan a kilogram (20,000 ten-thousandths); the purchase pays 5 % above.
CREATE TEMP TABLE priced AS
SELECT l.*, l.grams / 1000 * 200 AS market_fen, l.grams / 1000 * 210 AS amount_fen FROM lines l;

CREATE INDEX ON priced (k);
ANALYZE priced;

-- One cooperative per statement (its set-based checks see one cooperative's rows, as an
-- import's do), a commit every 25.
DO $$
DECLARE
    coop_k integer;
BEGIN
    FOR coop_k IN SELECT k FROM plan ORDER BY k LOOP
        PERFORM set_config('coopledger.actor', 'system', true);
        INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind, memo)
        SELECT coop, entry_id, day, 'bench-' || n,
               CASE what WHEN 'member' THEN 'purchase' WHEN 'household' THEN 'purchase' ELSE 'general' END, what
        FROM priced WHERE k = coop_k;
        INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind)
        SELECT coop, entry_id, 1, CASE WHEN what IN ('member', 'household') THEN '121' WHEN what = 'sale' THEN '102' ELSE '521' END,
               NULL, amount_fen, day, CASE WHEN what IN ('member', 'household') THEN 'purchase' ELSE 'general' END
        FROM priced WHERE k = coop_k
        UNION ALL
        SELECT coop, entry_id, 2, CASE what WHEN 'member' THEN '114' WHEN 'household' THEN '211' WHEN 'sale' THEN '501' ELSE '102' END,
               CASE WHEN what = 'member' THEN member_no END, -amount_fen, day,
               CASE WHEN what IN ('member', 'household') THEN 'purchase' ELSE 'general' END
        FROM priced WHERE k = coop_k;
        INSERT INTO purchases (coop_id, entry_id, member_no, household_no, product, quantity_g, market_price, price_date, price_source,
                               premium_bp, market_value_fen, amount_fen)
        SELECT coop, entry_id, CASE WHEN what = 'member' THEN member_no END, CASE WHEN what = 'household' THEN household_no END,
               '玉米', grams, 20000, day, '县农业农村局', 500, market_fen, amount_fen
        FROM priced WHERE k = coop_k AND what IN ('member', 'household');
        IF coop_k % 25 = 0 THEN
            COMMIT;
            RAISE NOTICE 'books of % cooperatives written', coop_k;
        END IF;
    END LOOP;
END $$;
VACUUM ANALYZE;
