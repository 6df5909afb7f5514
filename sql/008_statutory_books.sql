-- Books an auditor can sign: years close in order and nothing is dated behind a closed
-- year; members' quantified shares of the reserve, subsidies and donations kept in the
-- journal itself; sales to members; costs carried through 401/121/141.

-- Years close in order. The cooperative's row is the lock that orders closing against
-- posting: every statement that adds entries takes it FOR SHARE, closing or reopening a
-- year takes it FOR UPDATE, so a close waits for entries in flight and they, once it
-- commits, see it. (Named to fire before journal_entries_check_new, which locks period
-- rows: everyone takes the cooperative's row first, so closers and posters cannot deadlock.)
CREATE FUNCTION refuse_entries_behind_closed_years() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    PERFORM 1 FROM cooperatives c
    WHERE c.coop_id IN (SELECT DISTINCT coop_id FROM new_entries)
    ORDER BY c.coop_id
    FOR SHARE;
    SELECT n.entry_id, n.entry_date, n.coop_id, p.year INTO bad
    FROM new_entries n
    JOIN periods p ON p.coop_id = n.coop_id AND p.closed_at IS NOT NULL
                  AND p.year >= extract(year FROM n.entry_date)::integer
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % is dated %, on or before the end of %''s closed year %; date it after that year',
            bad.entry_id, bad.entry_date, bad.coop_id, bad.year
            USING ERRCODE = 'CL003';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_check_closed_through AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_entries_behind_closed_years();

-- Closing year Y needs every earlier year with entries closed; reopening Y needs every
-- later year open. A year is never closed or reopened behind the books' back.
CREATE FUNCTION keep_years_in_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    other integer;
BEGIN
    IF TG_OP = 'UPDATE' AND (NEW.coop_id, NEW.year) IS DISTINCT FROM (OLD.coop_id, OLD.year) THEN
        RAISE EXCEPTION 'a period''s cooperative and year never change' USING ERRCODE = 'CL008';
    END IF;
    IF (TG_OP = 'INSERT' AND NEW.closed_at IS NULL)
       OR (TG_OP = 'UPDATE' AND (NEW.closed_at IS NULL) = (OLD.closed_at IS NULL)) THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM cooperatives WHERE coop_id = NEW.coop_id FOR UPDATE;
    IF NEW.closed_at IS NOT NULL THEN
        SELECT p.year INTO other FROM periods p
        WHERE p.coop_id = NEW.coop_id AND p.year < NEW.year AND p.closed_at IS NULL
          AND EXISTS (SELECT 1 FROM journal_entries e WHERE e.coop_id = p.coop_id
                      AND e.entry_date BETWEEN make_date(p.year, 1, 1) AND make_date(p.year, 12, 31))
        ORDER BY p.year LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'the year % of % cannot be closed while % (which has entries) is open; years close in order',
                NEW.year, NEW.coop_id, other USING ERRCODE = 'CL007';
        END IF;
    ELSE
        SELECT p.year INTO other FROM periods p
        WHERE p.coop_id = NEW.coop_id AND p.year > NEW.year AND p.closed_at IS NOT NULL
        ORDER BY p.year LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'the year % of % cannot be reopened while % is closed; reopen that year first',
                NEW.year, NEW.coop_id, other USING ERRCODE = 'CL007';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER periods_in_order BEFORE INSERT OR UPDATE ON periods
    FOR EACH ROW EXECUTE FUNCTION keep_years_in_order();

-- New kinds of entries: sales to members (and their payment), state subsidies and
-- donations (311, quantified to members), costs carried (121 → 401 → 141 → 521),
-- loan-equity payouts paid (215 → 102), reserve converted into capital, a member leaving.
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check CHECK (kind IN (
    'general', 'capital_contribution', 'land_fee_accrual', 'land_fee_payment',
    'purchase', 'purchase_payment', 'sale', 'sale_payment', 'loan_equity_received', 'loan_equity_payout',
    'loan_equity_payout_payment', 'loan_equity_repaid', 'subsidy', 'donation', 'cost_transfer',
    'reserve_conversion', 'member_withdrawal', 'year_end_close', 'surplus_distribution',
    'distribution_payment', 'reversal'));

-- Members' quantified shares are member detail accounts (law art. 43): 322/member is a
-- member's 公积金份额, 311/member their subsidy or donation share (by the entry's kind).
-- The lines without a member are the part not quantified. Relaxing 'none' to 'optional'
-- leaves every past posting valid, so the account rule may change here, once.
ALTER TABLE accounts DISABLE TRIGGER accounts_protect;
UPDATE accounts SET member_rule = 'optional' WHERE code IN ('311', '322') AND member_rule = 'none';
ALTER TABLE accounts ENABLE TRIGGER accounts_protect;

-- The chart new cooperatives get: the 2022 standard, with the shares kept per member.
CREATE FUNCTION standard_chart()
RETURNS TABLE (code text, name text, name_en text, kind text, member_rule text, is_postable boolean, parent_code text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT c.code, c.name, c.name_en, c.kind,
           CASE WHEN c.code IN ('311', '322') THEN 'optional' ELSE c.member_rule END,
           c.is_postable, c.parent_code
    FROM standard_chart_2022() AS c
$$;

CREATE OR REPLACE FUNCTION seed_chart_of_new_cooperative() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO accounts (coop_id, code, name, name_en, kind, member_rule, is_postable, parent_code)
    SELECT NEW.coop_id, c.code, c.name, c.name_en, c.kind, c.member_rule, c.is_postable, c.parent_code
    FROM standard_chart() AS c;
    RETURN NULL;
END $$;

-- A member's line on 311 is their quantified share of a subsidy or a donation, and
-- nothing else, so the two shares can be told apart by kind and always add up to 311's
-- quantified part.
CREATE FUNCTION check_special_fund_shares() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id, p.line_no, p.kind INTO bad FROM new_postings p
    WHERE p.account_code = '311' AND p.member_no IS NOT NULL AND p.kind NOT IN ('subsidy', 'donation')
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: a member''s share of 311 专项基金 is quantified only by a subsidy or donation entry, not a % entry',
            bad.entry_id, bad.line_no, bad.kind USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER postings_check_special_fund_shares AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION check_special_fund_shares();

-- Patronage counts purchases from and sales to members by default (law art. 44);
-- cooperatives still on the old default get the new one (no sale was possible before,
-- so no posted run changes).
ALTER TABLE cooperatives DROP CONSTRAINT cooperatives_patronage_kinds_check;
ALTER TABLE cooperatives ADD CONSTRAINT cooperatives_patronage_kinds_check
    CHECK (cardinality(patronage_kinds) >= 1 AND patronage_kinds <@ ARRAY['purchase', 'sale', 'land_fee_accrual']);
ALTER TABLE cooperatives ALTER COLUMN patronage_kinds SET DEFAULT '{purchase,sale}';
UPDATE cooperatives SET patronage_kinds = '{purchase,sale}' WHERE patronage_kinds = '{purchase}';

-- Products sold to members: what the journal cannot hold (quantity, unit price).
CREATE TABLE sales (
    coop_id     text NOT NULL,
    entry_id    bigint NOT NULL,
    member_no   integer NOT NULL,
    product     text NOT NULL CHECK (length(btrim(product)) BETWEEN 1 AND 40),
    quantity_g  bigint NOT NULL CHECK (quantity_g > 0),
    -- 1/10000 yuan per kg.
    unit_price  bigint NOT NULL CHECK (unit_price > 0),
    amount_fen  bigint NOT NULL CHECK (amount_fen > 0),
    PRIMARY KEY (coop_id, entry_id),
    FOREIGN KEY (coop_id, entry_id) REFERENCES journal_entries (coop_id, entry_id),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no)
);

CREATE INDEX sales_by_member ON sales (coop_id, member_no, product);

CREATE TRIGGER sales_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON sales
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
