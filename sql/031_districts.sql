-- Districts (区) and their townships (乡镇): the district's cooperative office (区农经站)
-- oversees the cooperatives of its district. Districts stand above cooperatives, as people
-- do (on Citus, reference tables); which district a cooperative is in is keyed by the
-- cooperative first.
CREATE TABLE districts (
    district_code text PRIMARY KEY CHECK (district_code ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100 AND name !~ '[[:cntrl:]]'),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cooperative_districts (
    coop_id text PRIMARY KEY REFERENCES cooperatives (coop_id),
    district_code text NOT NULL REFERENCES districts (district_code),
    township text NOT NULL CHECK (length(township) BETWEEN 1 AND 100 AND township !~ '[[:cntrl:]]'),
    placed_at timestamptz NOT NULL DEFAULT now()
);

-- A supervisor reads every cooperative of the district and writes nothing: the role is
-- never in person_roles, so no write check of any table lets it through.
CREATE TABLE district_supervisors (
    district_code text NOT NULL REFERENCES districts (district_code),
    login text NOT NULL REFERENCES people (login),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (district_code, login)
);

-- The operator's alone: who oversees what is not a cooperative's to change.
CREATE FUNCTION districts_are_the_operators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF acting_person() IS DISTINCT FROM 'system' THEN
        RAISE EXCEPTION 'districts, where cooperatives are and who supervises them are the operator''s to change, not %',
            coalesce(acting_person(), 'nobody') USING ERRCODE = 'CL010';
    END IF;
    RETURN coalesce(NEW, OLD);
END $$;

CREATE TRIGGER districts_operator_only BEFORE INSERT OR UPDATE OR DELETE ON districts
    FOR EACH ROW EXECUTE FUNCTION districts_are_the_operators();
CREATE TRIGGER cooperative_districts_operator_only BEFORE INSERT OR UPDATE OR DELETE ON cooperative_districts
    FOR EACH ROW EXECUTE FUNCTION districts_are_the_operators();
CREATE TRIGGER district_supervisors_operator_only BEFORE INSERT OR UPDATE OR DELETE ON district_supervisors
    FOR EACH ROW EXECUTE FUNCTION districts_are_the_operators();

-- A person's roles in a cooperative, as every door reads them: those granted there or in
-- every cooperative, and `supervisor` where they supervise the cooperative's district.
CREATE FUNCTION roles_held(p_login text, p_coop text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT ARRAY(
        SELECT r.role FROM person_roles r WHERE r.login = p_login AND r.coop_id IN (p_coop, '*')
        UNION
        SELECT 'supervisor' FROM district_supervisors s JOIN cooperative_districts c USING (district_code)
        WHERE s.login = p_login AND c.coop_id = p_coop
        ORDER BY 1)
$$;

-- Under the chain of records, like people and their roles.
CREATE OR REPLACE FUNCTION chained_record_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['cooperatives', 'accounts', 'people', 'person_roles', 'members', 'households', 'leases', 'loan_equity_contracts',
                 'contributions', 'opening_capital_sources', 'purchases', 'sales', 'vouchers', 'voucher_lines',
                 'distribution_runs', 'distribution_run_members',
                 'payroll_lines', 'payroll_payments', 'assets', 'asset_depreciation', 'asset_disposals',
                 'districts', 'cooperative_districts', 'district_supervisors']
$$;

DO $$
DECLARE
    name text;
    key_columns text[];
BEGIN
    FOREACH name IN ARRAY ARRAY['districts', 'cooperative_districts', 'district_supervisors'] LOOP
        key_columns := primary_key_columns(name::regclass);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION log_record_change(%s)',
                       name || '_chained', name, (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) AS c));
    END LOOP;
END $$;

-- A person who only reads a cooperative (its auditor, a supervisor of its district) writes
-- nothing of it, by any door or by raw SQL. Each table's own checks say which bookkeeper
-- may do what; this is the floor beneath them. The journal checks its posters itself
-- (check_entry_people, and postings go in with their entry); the tables the posting and
-- chain machinery fill, and the tokens people end when they sign out, are left out. A
-- table added later takes this trigger in its own migration.
CREATE FUNCTION readers_write_nothing() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actor text := acting_person();
    coop text;
BEGIN
    IF TG_OP = 'DELETE' THEN coop := OLD.coop_id; ELSE coop := NEW.coop_id; END IF;
    IF actor IS NOT NULL AND actor <> 'system' AND NOT person_holds(coop, actor, ARRAY['preparer', 'approver', 'admin']) THEN
        RAISE EXCEPTION '% only reads the books of %: no % of %', actor, coop, lower(TG_OP), TG_TABLE_NAME USING ERRCODE = 'CL010';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['cooperatives', 'accounts', 'person_roles', 'members', 'households', 'leases', 'loan_equity_contracts',
                                'contributions', 'opening_capital_sources', 'purchases', 'sales', 'vouchers', 'voucher_lines',
                                'distribution_runs', 'distribution_run_members', 'periods', 'closed_months',
                                'payroll_lines', 'payroll_payments', 'assets', 'asset_depreciation', 'asset_disposals'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION readers_write_nothing()',
                       name || '_readers_write_nothing', name);
    END LOOP;
END $$;
