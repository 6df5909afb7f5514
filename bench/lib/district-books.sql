-- A year of books for each of the district benchmark's :coops cooperatives (c001…), created
-- already: written as the operator, one cooperative per statement and per commit, through every
-- trigger and commit check (balance, chart, members, voucher numbers, hash chain).
--   members:    20 + (53k mod 281) per cooperative k; every eighth a poor household
--   households: 10 non-member households each, 3 of them poor; households 1 and 2 of
--               cooperatives 2m-1 and 2m share an ID number (one household, two cooperatives)
--   entries:    2,000 + (97k mod 2,000) each: 60 % purchases from members and 10 % from
--               households at 5 % above the market price, 20 % sales, 10 % costs
--   leases:     land from every sixth member (2–20 mu at 600–1,000 yuan a mu) and from
--               households 4 and 5; their fees are accrued and paid by `lease accrue|pay`
--   payroll:    twelve monthly payrolls (工资表) of every twentieth member and households
--               1, 6 and 7, 1,500–3,000 yuan a month each
--   capital:    every member pays in 1,000–5,000 yuan in January, a poor member's as
--               poverty-alleviation assets quantified to it (扶贫项目资产量化)
--   loans:      half the poor members put a 50,000-yuan poverty-alleviation loan in as
--               equity (8 % a year), paid out by `loan-equity payout`
-- district-run.sh then accrues the leases and loans and posts each cooperative's run.
CREATE TEMP TABLE plan AS
SELECT k, 'c' || lpad(k::text, 3, '0') AS coop, 20 + (53 * k) % 281 AS members, 2000 + (97 * k) % 2000 AS entries
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

CREATE TEMP TABLE payroll AS
SELECT p.coop, p.k, nextval('journal_entry_id_seq') AS entry_id, (date '2026-01-01' + (mo - 1) * interval '1 month')::date AS month,
       (date '2026-01-01' + mo * interval '1 month' - interval '1 day')::date AS day
FROM plan p CROSS JOIN generate_series(1, 12) mo;

CREATE TEMP TABLE payroll_people AS
SELECT y.coop, y.k, y.entry_id, y.month, y.day,
       row_number() OVER (PARTITION BY y.entry_id ORDER BY w.member_no NULLS LAST, w.household_no)::integer AS line_no,
       w.member_no, w.household_no,
       (150000 + (coalesce(w.member_no, 1000 + w.household_no) * 7919 + extract(month FROM y.month)::integer * 31 + y.k) % 150000)::bigint AS amount_fen
FROM payroll y JOIN plan p USING (coop, k)
CROSS JOIN LATERAL (SELECT m AS member_no, NULL::integer AS household_no FROM generate_series(3, p.members, 20) m
                    UNION ALL SELECT NULL, h FROM unnest(ARRAY[1, 6, 7]) h) w;
CREATE INDEX ON payroll_people (k);

CREATE TEMP TABLE capital AS
SELECT p.coop, p.k, m AS member_no, nextval('journal_entry_id_seq') AS entry_id, (100000 + (m * 37 + p.k) % 400000)::bigint AS amount_fen
FROM plan p CROSS JOIN LATERAL generate_series(1, p.members) m;
CREATE INDEX ON capital (k);

CREATE TEMP TABLE loans AS
SELECT p.coop, p.k, m AS member_no, nextval('loan_equity_contract_id_seq') AS contract_id, nextval('journal_entry_id_seq') AS entry_id
FROM plan p CROSS JOIN LATERAL generate_series(8, p.members, 16) m;
ANALYZE payroll; ANALYZE payroll_people; ANALYZE capital; ANALYZE loans;

-- One cooperative per statement (its set-based checks see one cooperative's rows, as an
-- import's do), each CALL a transaction of its own sent on its own: between them the session
-- is idle and reports what it changed, so autovacuum keeps the tables every write updates
-- (the record chain's heads, the commit checks' queue) small. One DO block looping over all
-- of them, committing inside, never went idle: autovacuum saw nothing, and those tables grew
-- to thousands of pages that every record change scanned again.
CREATE PROCEDURE pg_temp.write_books(coop_k integer) LANGUAGE plpgsql AS $$
BEGIN
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

    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind, memo)
    SELECT coop, entry_id, date '2026-01-10', 'bench-capital-' || member_no, 'capital_contribution', '成员出资 成员' || member_no
    FROM capital WHERE k = coop_k;
    INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind)
    SELECT coop, entry_id, 1, '102', NULL, amount_fen, date '2026-01-10', 'capital_contribution' FROM capital WHERE k = coop_k
    UNION ALL
    SELECT coop, entry_id, 2, '301', member_no, -amount_fen, date '2026-01-10', 'capital_contribution' FROM capital WHERE k = coop_k;
    INSERT INTO contributions (coop_id, entry_id, member_no, source)
    SELECT coop, entry_id, member_no, CASE WHEN member_no % 8 = 0 THEN 'poverty_alleviation_assets' ELSE 'other' END
    FROM capital WHERE k = coop_k;

    INSERT INTO leases (coop_id, member_no, household_no, area_hundredths_mu, rate_fen_per_mu, starts_on, contract_key)
    SELECT p.coop, m, NULL, 200 + (m * 37 + p.k) % 1800, 60000 + (m * 13 + p.k) % 40000, date '2024-03-01', 'bench-lease-m' || m
    FROM plan p CROSS JOIN LATERAL generate_series(1, p.members, 6) m WHERE p.k = coop_k
    UNION ALL
    SELECT p.coop, NULL, h, 500 + (h * 211 + p.k) % 1500, 80000, date '2025-01-01', 'bench-lease-h' || h
    FROM plan p CROSS JOIN generate_series(4, 5) h WHERE p.k = coop_k;

    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind, memo)
    SELECT coop, entry_id, day, 'bench-payroll-' || to_char(month, 'YYYY-MM'), 'payroll', '工资 ' || to_char(month, 'YYYY-MM')
    FROM payroll WHERE k = coop_k;
    INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind)
    SELECT coop, entry_id, 1, '401', NULL, sum(amount_fen), day, 'payroll' FROM payroll_people WHERE k = coop_k GROUP BY coop, entry_id, day
    UNION ALL
    SELECT coop, entry_id, 1 + line_no, '212', member_no, -amount_fen, day, 'payroll' FROM payroll_people WHERE k = coop_k;
    INSERT INTO payroll_lines (coop_id, entry_id, line_no, month, member_no, household_no, amount_fen, days)
    SELECT coop, entry_id, line_no, month, member_no, household_no, amount_fen, 22 FROM payroll_people WHERE k = coop_k;

    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind, memo)
    SELECT coop, entry_id, date '2026-01-15', 'loan-equity:' || contract_id || ':received', 'loan_equity_received',
           '扶贫贷款入股 合同' || contract_id || ' 成员' || member_no || ' 3年（长期借款）'
    FROM loans WHERE k = coop_k;
    INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind)
    SELECT coop, entry_id, 1, '102', NULL, 5000000, date '2026-01-15', 'loan_equity_received' FROM loans WHERE k = coop_k
    UNION ALL
    SELECT coop, entry_id, 2, '231', member_no, -5000000, date '2026-01-15', 'loan_equity_received' FROM loans WHERE k = coop_k;
    INSERT INTO loan_equity_contracts (coop_id, contract_id, member_no, principal_fen, starts_on, years, payout_fen, treatment,
                                       received_entry_id, contract_key)
    SELECT coop, contract_id, member_no, 5000000, date '2026-01-15', 3, 400000, 'liability', entry_id, 'bench-loan-m' || member_no
    FROM loans WHERE k = coop_k;
    -- The commit checks are planned for this cooperative's rows, not for the empty
    -- table autovacuum last saw (as an import does: ImportStaging.post).
    ANALYZE unchecked_entries;
    IF coop_k % 25 = 0 THEN
        RAISE NOTICE 'books of % cooperatives written', coop_k;
    END IF;
END $$;
-- After each cooperative, the record chain's heads rewritten small: this session planned
-- append_record_change's update of them when the table was empty (a sequential scan) and keeps
-- that plan, so every record change reads every page the earlier cooperatives' thousands of
-- updates left (1,361 pages at the 65th: 14 s a cooperative instead of 2).
SELECT u.s FROM plan CROSS JOIN LATERAL unnest(ARRAY[format('CALL pg_temp.write_books(%s)', k), 'VACUUM FULL record_chain_heads'])
    WITH ORDINALITY AS u(s, i) ORDER BY k, u.i \gexec
VACUUM ANALYZE;
