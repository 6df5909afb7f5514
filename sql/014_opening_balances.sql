-- Opening balances (期初余额) of a cooperative moving its books in: one entry of kind
-- 'opening', the first in its journal, dated the last day of a month; everything up to that
-- day is closed with it (the months of its year, or the year itself on 31 December).
-- Members' subsidy and donation shares come in as 'subsidy' and 'donation' entries beside
-- it (311's member lines come from no other kind), and the source of each member's opening
-- capital is kept per line.

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check CHECK (kind IN (
    'general', 'capital_contribution', 'land_fee_accrual', 'land_fee_payment',
    'purchase', 'purchase_payment', 'sale', 'sale_payment', 'loan_equity_received', 'loan_equity_payout',
    'loan_equity_payout_payment', 'loan_equity_repaid', 'subsidy', 'donation', 'cost_transfer',
    'reserve_conversion', 'member_withdrawal', 'year_end_close', 'surplus_distribution',
    'distribution_payment', 'reversal', 'opening'));

-- The source of a member's capital on one line of an opening entry (a contribution
-- entry's source is in contributions, one per entry).
CREATE TABLE opening_capital_sources (
    coop_id  text NOT NULL,
    entry_id bigint NOT NULL,
    line_no  smallint NOT NULL,
    source   text NOT NULL CHECK (source IN ('poverty_alleviation_assets', 'other')),
    PRIMARY KEY (coop_id, entry_id, line_no)
);

CREATE TRIGGER opening_capital_sources_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON opening_capital_sources
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- Each names a member's 301 line of an opening entry. (Checked here rather than by a foreign
-- key to postings, which would turn TRUNCATE postings into a foreign-key error ahead of the
-- journal's own append-only refusal.)
CREATE FUNCTION check_opening_capital_sources() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.entry_id, n.line_no INTO bad FROM new_sources n
    WHERE NOT EXISTS (SELECT 1 FROM postings p JOIN journal_entries e ON e.coop_id = p.coop_id AND e.entry_id = p.entry_id
                      WHERE p.coop_id = n.coop_id AND p.entry_id = n.entry_id AND p.line_no = n.line_no
                        AND e.kind = 'opening' AND p.account_code = '301' AND p.member_no IS NOT NULL)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: a capital source is recorded only for a member''s 301 line of the opening', bad.entry_id, bad.line_no
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER opening_capital_sources_check_new AFTER INSERT ON opening_capital_sources
    REFERENCING NEW TABLE AS new_sources
    FOR EACH STATEMENT EXECUTE FUNCTION check_opening_capital_sources();

-- An opening entry comes first: dated the last day of a month, on or before every other
-- entry of the cooperative, one per cooperative, never reversed.
CREATE FUNCTION check_opening_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.entry_id, n.entry_date INTO bad FROM new_entries n
    WHERE n.kind = 'opening' AND n.entry_date <> (date_trunc('month', n.entry_date) + interval '1 month - 1 day')::date
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'opening entry % is dated %; opening balances are as of the last day of a month', bad.entry_id, bad.entry_date
            USING ERRCODE = 'CL004';
    END IF;
    SELECT n.entry_id, n.coop_id INTO bad FROM new_entries n
    WHERE n.kind = 'opening'
      AND EXISTS (SELECT 1 FROM journal_entries e WHERE e.coop_id = n.coop_id AND e.entry_id <> n.entry_id
                  AND (e.kind = 'opening' OR e.entry_date > n.entry_date))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'opening entry %: % has an opening already, or entries after its date; opening balances come first',
            bad.entry_id, bad.coop_id USING ERRCODE = 'CL004';
    END IF;
    -- The openings of the cooperatives these entries are in (one each at most), then the
    -- entries against them: one index probe per cooperative, not per entry.
    SELECT n.entry_id, n.coop_id INTO bad
    FROM (SELECT o.coop_id, o.entry_id, o.entry_date FROM journal_entries o
          WHERE o.kind = 'opening' AND o.coop_id IN (SELECT DISTINCT coop_id FROM new_entries)) AS o
    JOIN new_entries n ON n.coop_id = o.coop_id AND n.entry_id <> o.entry_id
    WHERE n.entry_date < o.entry_date OR n.reverses_entry_id = o.entry_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % of % is dated before its opening balances, or reverses them; the books begin with the opening',
            bad.entry_id, bad.coop_id USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

-- Every new entry asks for its cooperative's opening: found by this small index, not by
-- reading the journal.
CREATE INDEX journal_entries_opening ON journal_entries (coop_id) WHERE kind = 'opening';

CREATE TRIGGER journal_entries_check_opening AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION check_opening_entries();
