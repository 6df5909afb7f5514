-- Opening in the middle of a year (issue 23, case 6). A cooperative that moves its books in
-- on 30 June brings what desktop programs ask for: each account's balance at the opening and
-- the year's cumulative debits and credits up to it (本年累计借方/贷方). The balances at the
-- year's start follow from them and are the 'opening' entry, dated 31 December of the year
-- before (so 01's 年初 and 03's 年初余额 read them); the year's cumulative amounts are one entry
-- of a kind of its own, 'opening_year_to_date', dated the opening date, a debit and a credit
-- line per account (so the trial balance's 本年累计, 02's figures and 03's movements read
-- them). Like the opening, it is an admin's, exempt from the membership dates (it is history,
-- brought in as the old books had it), and never reversed; a member's capital source may be
-- kept for its 301 lines as for the opening's.

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check CHECK (kind IN (
    'general', 'capital_contribution', 'land_fee_accrual', 'land_fee_payment',
    'purchase', 'purchase_payment', 'sale', 'sale_payment', 'loan_equity_received', 'loan_equity_payout',
    'loan_equity_payout_payment', 'loan_equity_repaid', 'subsidy', 'donation', 'cost_transfer',
    'reserve_conversion', 'member_withdrawal', 'year_end_close', 'surplus_distribution',
    'distribution_payment', 'reversal', 'opening', 'sub_account_opening', 'payroll', 'payroll_payment',
    'opening_year_to_date'));

CREATE OR REPLACE FUNCTION requires_membership(entry_kind text, account_code text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN entry_kind IN ('member_withdrawal', 'reversal', 'opening', 'opening_year_to_date') THEN false
        WHEN entry_kind IN ('capital_contribution', 'purchase', 'sale', 'loan_equity_received',
                            'subsidy', 'donation', 'reserve_conversion') THEN true
        WHEN left(account_code, 3) IN ('301', '311', '322') THEN true
        WHEN entry_kind = 'surplus_distribution' AND left(account_code, 3) = '222' THEN true
        ELSE false
    END
$$;

CREATE OR REPLACE FUNCTION check_opening_capital_sources() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.entry_id, n.line_no INTO bad FROM new_sources n
    WHERE NOT EXISTS (SELECT 1 FROM postings p JOIN journal_entries e ON e.coop_id = p.coop_id AND e.entry_id = p.entry_id
                      WHERE p.coop_id = n.coop_id AND p.entry_id = n.entry_id AND p.line_no = n.line_no
                        AND e.kind IN ('opening', 'opening_year_to_date') AND p.account_code = '301' AND p.member_no IS NOT NULL)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: a capital source is recorded only for a member''s 301 line of the opening', bad.entry_id, bad.line_no
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

-- Kinds whose entries are never reversed on their own (Swift's `Ledger.reversalRule` names
-- why); the opening's own rule is below.
CREATE FUNCTION kind_is_never_reversed(p_kind text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_kind IN ('opening_year_to_date', 'sub_account_opening')
$$;

-- 014's rules for the opening, and the same for the year's cumulative amounts: one per
-- cooperative, with nothing dated after it when it is posted; and no entry of a kind that
-- is never reversed (a sub-account's opening, 022, among them) is reversed.
CREATE OR REPLACE FUNCTION check_opening_entries() RETURNS trigger LANGUAGE plpgsql AS $$
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
    WHERE n.kind IN ('opening', 'opening_year_to_date')
      AND EXISTS (SELECT 1 FROM journal_entries e WHERE e.coop_id = n.coop_id AND e.entry_id <> n.entry_id
                  AND (e.kind = n.kind OR e.entry_date > n.entry_date))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'opening entry %: % has an opening already, or entries after its date; opening balances come first',
            bad.entry_id, bad.coop_id USING ERRCODE = 'CL004';
    END IF;
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
    SELECT n.entry_id, original.kind INTO bad FROM new_entries n
    JOIN journal_entries original ON original.coop_id = n.coop_id AND original.entry_id = n.reverses_entry_id
    WHERE n.reverses_entry_id IS NOT NULL AND kind_is_never_reversed(original.kind)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % reverses an entry of kind %, which is never reversed; correct a figure with a general entry',
            bad.entry_id, bad.kind USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;
