-- Households and wages per person (issue 29). A cooperative deals with households: its
-- members (a member is a household with a member number) and households that are not
-- members, which it buys from, rents land from or employs. Law art. 41 keeps their dealings
-- apart from members': they earn no patronage. A non-member household has a number of its
-- own (H1, H2, …); its dealings carry it in their operation records (purchases, payroll
-- lines), and the journal books them without member detail (211 应付款, 212 应付工资).

CREATE TABLE households (
    coop_id      text NOT NULL REFERENCES cooperatives,
    household_no integer NOT NULL CHECK (household_no BETWEEN 1 AND 9999999),
    name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    -- National ID number (居民身份证号) of the head of household, as members'.
    id_number    text CHECK (id_number ~ '^([0-9]{14}|[0-9]{17})[0-9X]$'),
    village      text CHECK (length(btrim(village)) BETWEEN 1 AND 200),
    -- 脱贫户 (lifted, formerly 建档立卡) or 防止返贫监测对象 (monitored), or none.
    poverty      text NOT NULL DEFAULT 'none' CHECK (poverty IN ('none', 'lifted', 'monitored')),
    -- The member it became, when it joined later: one household, its history kept.
    member_no    integer,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text NOT NULL DEFAULT coalesce(nullif(current_setting('coopledger.actor', true), ''), 'system'),
    PRIMARY KEY (coop_id, household_no),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no)
);
CREATE UNIQUE INDEX households_one_per_id_number ON households (coop_id, id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX households_one_per_member ON households (coop_id, member_no) WHERE member_no IS NOT NULL;

-- A household's number is its identity: the row is never deleted, its number never moves,
-- and the member it became is named once.
CREATE FUNCTION protect_household() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.coop_id, NEW.household_no, NEW.created_at, NEW.created_by)
                           IS DISTINCT FROM (OLD.coop_id, OLD.household_no, OLD.created_at, OLD.created_by)
       OR (OLD.member_no IS NOT NULL AND NEW.member_no IS DISTINCT FROM OLD.member_no) THEN
        RAISE EXCEPTION 'household % of cooperative %: only its name, ID number, village and poverty status change, and the member it became is named once',
            OLD.household_no, OLD.coop_id USING ERRCODE = 'CL008';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER households_protected BEFORE UPDATE OR DELETE ON households
    FOR EACH ROW EXECUTE FUNCTION protect_household();

-- Wages are kept per person: 212 应付工资 and 213 应付劳务费 take member detail. Relaxing
-- 'none' to 'optional' leaves every past posting valid (as 008 did for 311 and 322). An
-- account that already has sub-accounts is a heading and keeps its rule.
ALTER TABLE accounts DISABLE TRIGGER accounts_protect;
UPDATE accounts SET member_rule = 'optional' WHERE code IN ('212', '213') AND member_rule = 'none' AND is_postable;
ALTER TABLE accounts ENABLE TRIGGER accounts_protect;

CREATE OR REPLACE FUNCTION standard_chart()
RETURNS TABLE (code text, name text, name_en text, kind text, member_rule text, is_postable boolean, parent_code text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT c.code, c.name, c.name_en, c.kind,
           CASE WHEN c.code IN ('311', '322', '212', '213') THEN 'optional' ELSE c.member_rule END,
           c.is_postable, c.parent_code
    FROM standard_chart_2022() AS c
$$;

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check CHECK (kind IN (
    'general', 'capital_contribution', 'land_fee_accrual', 'land_fee_payment',
    'purchase', 'purchase_payment', 'sale', 'sale_payment', 'loan_equity_received', 'loan_equity_payout',
    'loan_equity_payout_payment', 'loan_equity_repaid', 'subsidy', 'donation', 'cost_transfer',
    'reserve_conversion', 'member_withdrawal', 'year_end_close', 'surplus_distribution',
    'distribution_payment', 'reversal', 'opening', 'sub_account_opening', 'payroll', 'payroll_payment'));

-- A purchase from a non-member household names it (and is owed on 211, no patronage).
ALTER TABLE purchases ALTER COLUMN member_no DROP NOT NULL;
ALTER TABLE purchases ADD COLUMN household_no integer;
ALTER TABLE purchases ADD CONSTRAINT purchases_household_fkey
    FOREIGN KEY (coop_id, household_no) REFERENCES households (coop_id, household_no);
ALTER TABLE purchases ADD CONSTRAINT purchases_name_one_seller CHECK ((member_no IS NULL) <> (household_no IS NULL));

-- A sale to a non-member household names it (owed on 113 应收款, no patronage).
ALTER TABLE sales ALTER COLUMN member_no DROP NOT NULL;
ALTER TABLE sales ADD COLUMN household_no integer;
ALTER TABLE sales ADD CONSTRAINT sales_household_fkey
    FOREIGN KEY (coop_id, household_no) REFERENCES households (coop_id, household_no);
ALTER TABLE sales ADD CONSTRAINT sales_name_one_buyer CHECK ((member_no IS NULL) <> (household_no IS NULL));

-- A lease of a non-member household's land names it (its fee owed on 211).
ALTER TABLE leases ALTER COLUMN member_no DROP NOT NULL;
ALTER TABLE leases ADD COLUMN household_no integer;
ALTER TABLE leases ADD CONSTRAINT leases_household_fkey
    FOREIGN KEY (coop_id, household_no) REFERENCES households (coop_id, household_no);
ALTER TABLE leases ADD CONSTRAINT leases_name_one_lessor CHECK ((member_no IS NULL) <> (household_no IS NULL));
-- 010's protect_lease, the lessor's household among the terms that never change.
CREATE OR REPLACE FUNCTION protect_lease() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.ends_on IS NOT NULL
       OR (NEW.coop_id, NEW.lease_id, NEW.member_no, NEW.household_no, NEW.area_hundredths_mu, NEW.rate_fen_per_mu, NEW.starts_on, NEW.contract_key)
          IS DISTINCT FROM
          (OLD.coop_id, OLD.lease_id, OLD.member_no, OLD.household_no, OLD.area_hundredths_mu, OLD.rate_fen_per_mu, OLD.starts_on, OLD.contract_key) THEN
        RAISE EXCEPTION 'lease % of cooperative %: only an end date can be added, once', OLD.lease_id, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    RETURN NEW;
END $$;

-- A month's payroll: one line per person (a member or a non-member household), the
-- evidence behind its entry's 212 credits. A payroll is corrected by reversing its entry.
CREATE TABLE payroll_lines (
    coop_id      text NOT NULL,
    entry_id     bigint NOT NULL,
    line_no      integer NOT NULL CHECK (line_no >= 1),
    month        date NOT NULL CHECK (extract(day FROM month) = 1),
    member_no    integer,
    household_no integer,
    amount_fen   bigint NOT NULL CHECK (amount_fen BETWEEN 1 AND 100000000000000),
    days         integer CHECK (days BETWEEN 0 AND 31),
    memo         text NOT NULL DEFAULT '' CHECK (length(memo) <= 200),
    PRIMARY KEY (coop_id, entry_id, line_no),
    FOREIGN KEY (coop_id, entry_id) REFERENCES journal_entries (coop_id, entry_id),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no),
    FOREIGN KEY (coop_id, household_no) REFERENCES households (coop_id, household_no),
    CONSTRAINT payroll_line_names_one_person CHECK ((member_no IS NULL) <> (household_no IS NULL))
);
CREATE INDEX payroll_lines_by_month ON payroll_lines (coop_id, month);
CREATE INDEX payroll_lines_by_household ON payroll_lines (coop_id, household_no) WHERE household_no IS NOT NULL;
CREATE TRIGGER payroll_lines_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON payroll_lines
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- Which payroll a payment paid (one payment entry may pay a month's payrolls).
CREATE TABLE payroll_payments (
    coop_id            text NOT NULL,
    payment_entry_id   bigint NOT NULL,
    payroll_entry_id   bigint NOT NULL,
    PRIMARY KEY (coop_id, payment_entry_id, payroll_entry_id),
    FOREIGN KEY (coop_id, payment_entry_id) REFERENCES journal_entries (coop_id, entry_id),
    FOREIGN KEY (coop_id, payroll_entry_id) REFERENCES journal_entries (coop_id, entry_id)
);
CREATE INDEX payroll_payments_by_payroll ON payroll_payments (coop_id, payroll_entry_id);
CREATE TRIGGER payroll_payments_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON payroll_payments
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- A payroll and its payment are day-to-day work: a preparer posts them (012's list, and
-- Role.toReverse's, with the two new kinds).
CREATE OR REPLACE FUNCTION kind_is_day_to_day(p_kind text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_kind IN ('general', 'purchase', 'purchase_payment', 'sale', 'sale_payment', 'cost_transfer', 'reversal',
                      'payroll', 'payroll_payment')
$$;
