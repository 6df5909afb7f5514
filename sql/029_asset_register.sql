-- The asset register (issue 26): barns and equipment (151 固定资产, 152 累计折旧) and breeding
-- stock (142 生产性生物资产, 143 its accumulated depreciation), each acquired by an entry,
-- depreciated month by month by one entry per month, and disposed of (all, or part of a
-- breeding batch by head count) by an entry of its own. The register's rows are the
-- evidence behind those entries: append-only and under the chain of records (027), as are
-- the payroll's lines and payments (026), which were left out of it.

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check CHECK (kind IN (
    'general', 'capital_contribution', 'land_fee_accrual', 'land_fee_payment',
    'purchase', 'purchase_payment', 'sale', 'sale_payment', 'loan_equity_received', 'loan_equity_payout',
    'loan_equity_payout_payment', 'loan_equity_repaid', 'subsidy', 'donation', 'cost_transfer',
    'reserve_conversion', 'member_withdrawal', 'year_end_close', 'surplus_distribution',
    'distribution_payment', 'reversal', 'opening', 'sub_account_opening', 'payroll', 'payroll_payment',
    'opening_year_to_date', 'asset_acquisition', 'depreciation', 'asset_disposal'));

-- A month's depreciation is day-to-day work, as a payroll is (Role.toReverse's list);
-- acquiring and disposing of an asset are an admin's.
CREATE OR REPLACE FUNCTION kind_is_day_to_day(p_kind text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_kind IN ('general', 'purchase', 'purchase_payment', 'sale', 'sale_payment', 'cost_transfer', 'reversal',
                      'payroll', 'payroll_payment', 'depreciation')
$$;

-- The register's entries follow the register: never reversed on their own (a disposal
-- undoes an acquisition; depreciation stops with the asset).
CREATE OR REPLACE FUNCTION kind_is_never_reversed(p_kind text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_kind IN ('opening_year_to_date', 'sub_account_opening', 'asset_acquisition', 'depreciation', 'asset_disposal')
$$;

CREATE TABLE assets (
    coop_id         text NOT NULL REFERENCES cooperatives,
    asset_no        integer NOT NULL CHECK (asset_no BETWEEN 1 AND 9999999),
    client_key      text NOT NULL CHECK (length(client_key) BETWEEN 1 AND 128),
    class           text NOT NULL CHECK (class IN ('fixed', 'breeding')),
    name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    cost            bigint NOT NULL CHECK (cost > 0 AND cost <= 100000000000000),
    salvage         bigint NOT NULL CHECK (salvage >= 0),
    acquired_on     date NOT NULL,
    life_months     integer NOT NULL CHECK (life_months BETWEEN 1 AND 1200),
    head_count      integer NOT NULL CHECK (head_count BETWEEN 1 AND 1000000 AND (class = 'breeding' OR head_count = 1)),
    -- Where its depreciation is charged: 401 生产成本 or an expense (5xx).
    expense_account text NOT NULL CHECK (expense_account ~ '^(401|52[0-9])[0-9]*$'),
    -- What paid for it: the bank (102), construction finished (153), gilts that start breeding
    -- (141); or the opening balances of a cooperative moving in, which carry its cost and
    -- depreciation on 151/152 or 142/143 (no entry of its own): its depreciation and months
    -- depreciated as of the opening's date, from which the register goes on.
    source          text NOT NULL CHECK (source IN ('bank', 'construction', 'gilts', 'opening')),
    entry_id        bigint,
    brought_in_on   date,
    opening_depreciation bigint NOT NULL DEFAULT 0 CHECK (opening_depreciation >= 0),
    opening_months  integer NOT NULL DEFAULT 0 CHECK (opening_months >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL DEFAULT coalesce(nullif(current_setting('coopledger.actor', true), ''), 'system'),
    PRIMARY KEY (coop_id, asset_no),
    UNIQUE (coop_id, client_key),
    -- At least a fen a month to depreciate, and never below salvage.
    CHECK (cost - salvage >= life_months),
    CHECK ((source = 'opening') = (entry_id IS NULL) AND (source = 'opening') = (brought_in_on IS NOT NULL)),
    CHECK (source = 'opening' OR (opening_depreciation = 0 AND opening_months = 0)),
    CHECK (opening_months <= life_months AND opening_depreciation <= cost - salvage AND acquired_on <= coalesce(brought_in_on, acquired_on))
);

CREATE TABLE asset_depreciation (
    coop_id  text NOT NULL,
    asset_no integer NOT NULL,
    month    date NOT NULL CHECK (month = date_trunc('month', month)::date),
    amount   bigint NOT NULL CHECK (amount > 0),
    entry_id bigint NOT NULL,
    PRIMARY KEY (coop_id, asset_no, month),
    FOREIGN KEY (coop_id, asset_no) REFERENCES assets
);

CREATE TABLE asset_disposals (
    coop_id              text NOT NULL,
    asset_no             integer NOT NULL,
    disposal_no          integer NOT NULL CHECK (disposal_no >= 1),
    client_key           text NOT NULL CHECK (length(client_key) BETWEEN 1 AND 128),
    disposed_on          date NOT NULL,
    head_count           integer NOT NULL CHECK (head_count >= 1),
    proceeds             bigint NOT NULL CHECK (proceeds >= 0 AND proceeds <= 100000000000000),
    reason               text NOT NULL CHECK (reason IN ('sold', 'culled', 'died', 'scrapped')),
    cost_removed         bigint NOT NULL CHECK (cost_removed > 0),
    salvage_removed      bigint NOT NULL CHECK (salvage_removed >= 0),
    depreciation_removed bigint NOT NULL CHECK (depreciation_removed >= 0),
    entry_id             bigint NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text NOT NULL DEFAULT coalesce(nullif(current_setting('coopledger.actor', true), ''), 'system'),
    PRIMARY KEY (coop_id, asset_no, disposal_no),
    UNIQUE (coop_id, client_key),
    FOREIGN KEY (coop_id, asset_no) REFERENCES assets
);

CREATE TRIGGER assets_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON assets
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER asset_depreciation_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON asset_depreciation
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER asset_disposals_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON asset_disposals
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- What is left of an asset never goes below nothing: the heads and cost disposed of are at
-- most what there was, and the depreciation kept never takes what is left below its
-- salvage. Checked per asset whenever a month is depreciated or a part disposed of.
CREATE FUNCTION check_asset_left() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    left_over record;
BEGIN
    SELECT a.head_count - coalesce(d.heads, 0) AS heads,
           a.cost - coalesce(d.cost, 0) AS cost,
           a.salvage - coalesce(d.salvage, 0) AS salvage,
           a.opening_depreciation + coalesce(m.depreciation, 0) - coalesce(d.depreciation, 0) AS depreciation
    INTO left_over
    FROM assets a
    LEFT JOIN LATERAL (SELECT sum(head_count) AS heads, sum(cost_removed) AS cost, sum(salvage_removed) AS salvage,
                              sum(depreciation_removed) AS depreciation
                       FROM asset_disposals WHERE coop_id = a.coop_id AND asset_no = a.asset_no) AS d ON true
    LEFT JOIN LATERAL (SELECT sum(amount) AS depreciation FROM asset_depreciation
                       WHERE coop_id = a.coop_id AND asset_no = a.asset_no) AS m ON true
    WHERE a.coop_id = NEW.coop_id AND a.asset_no = NEW.asset_no;
    IF left_over.heads < 0 OR left_over.cost < 0 OR left_over.salvage < 0 OR left_over.depreciation < 0
       OR left_over.depreciation > left_over.cost - left_over.salvage
       OR (left_over.heads = 0 AND (left_over.cost, left_over.salvage, left_over.depreciation) <> (0, 0, 0)) THEN
        RAISE EXCEPTION 'asset % of cooperative %: % heads, cost %, salvage % and depreciation % left; depreciation never takes an asset below its salvage, nor a disposal below nothing',
            NEW.asset_no, NEW.coop_id, left_over.heads, left_over.cost, left_over.salvage, left_over.depreciation
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER asset_depreciation_checked AFTER INSERT ON asset_depreciation
    FOR EACH ROW EXECUTE FUNCTION check_asset_left();
CREATE TRIGGER asset_disposals_checked AFTER INSERT ON asset_disposals
    FOR EACH ROW EXECUTE FUNCTION check_asset_left();

-- A row of the register is written with its entry, in the same transaction, of its kind
-- (a month's depreciation dated the month's last day), so the period rules that hold for
-- the entry hold for the row: nothing enters a closed month or year. An asset brought in by
-- the opening has no entry; its first month (after the opening) must still be open.
CREATE FUNCTION check_register_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wanted text := TG_ARGV[0];
    made record;
BEGIN
    IF TG_TABLE_NAME = 'assets' AND NEW.entry_id IS NULL THEN
        IF EXISTS (SELECT 1 FROM periods p WHERE p.coop_id = NEW.coop_id AND p.closed_at IS NOT NULL
                   AND p.year >= extract(year FROM NEW.brought_in_on + 1)::integer)
           OR EXISTS (SELECT 1 FROM closed_months m WHERE m.coop_id = NEW.coop_id AND m.month > NEW.brought_in_on) THEN
            RAISE EXCEPTION 'asset % of cooperative %: brought in by the opening of %, but the books after it are closed',
                NEW.asset_no, NEW.coop_id, NEW.brought_in_on USING ERRCODE = 'CL003';
        END IF;
        RETURN NULL;
    END IF;
    SELECT e.kind, e.entry_date, e.xmin AS inserted_by INTO made
    FROM journal_entries e WHERE e.coop_id = NEW.coop_id AND e.entry_id = NEW.entry_id;
    IF NOT FOUND OR made.kind <> wanted OR made.inserted_by <> pg_current_xact_id()::xid THEN
        RAISE EXCEPTION '% row of asset % of cooperative %: entry % is not the % entry written with it',
            TG_TABLE_NAME, NEW.asset_no, NEW.coop_id, NEW.entry_id, wanted USING ERRCODE = 'CL004';
    END IF;
    -- (A field of NEW is read only in the branch of the table that has it.)
    IF TG_TABLE_NAME = 'asset_depreciation' THEN
        IF made.entry_date <> (NEW.month + interval '1 month - 1 day')::date THEN
            RAISE EXCEPTION 'asset % of cooperative %: the depreciation of % is dated %, not the month''s last day',
                NEW.asset_no, NEW.coop_id, NEW.month, made.entry_date USING ERRCODE = 'CL004';
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER assets_entry_checked AFTER INSERT ON assets
    FOR EACH ROW EXECUTE FUNCTION check_register_entry('asset_acquisition');
CREATE TRIGGER asset_depreciation_entry_checked AFTER INSERT ON asset_depreciation
    FOR EACH ROW EXECUTE FUNCTION check_register_entry('depreciation');
CREATE TRIGGER asset_disposals_entry_checked AFTER INSERT ON asset_disposals
    FOR EACH ROW EXECUTE FUNCTION check_register_entry('asset_disposal');

-- Under the chain of records: the register, and the payroll's lines and payments.
CREATE OR REPLACE FUNCTION chained_record_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['cooperatives', 'accounts', 'people', 'person_roles', 'members', 'households', 'leases', 'loan_equity_contracts',
                 'contributions', 'opening_capital_sources', 'purchases', 'sales', 'vouchers', 'voucher_lines',
                 'distribution_runs', 'distribution_run_members',
                 'payroll_lines', 'payroll_payments', 'assets', 'asset_depreciation', 'asset_disposals']
$$;

DO $$
DECLARE
    name text;
    row record;
    key_columns text[];
BEGIN
    FOREACH name IN ARRAY ARRAY['payroll_lines', 'payroll_payments', 'assets', 'asset_depreciation', 'asset_disposals'] LOOP
        key_columns := primary_key_columns(name::regclass);
        FOR row IN EXECUTE format('SELECT to_jsonb(t) AS image FROM %I t ORDER BY 1', name) LOOP
            PERFORM append_record_change(name, record_key(key_columns, row.image), row.image, row.image);
        END LOOP;
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION log_record_change(%s)',
                       name || '_chained', name, (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) AS c));
    END LOOP;
END $$;
