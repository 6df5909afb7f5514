-- Error classes that each mean one thing (SQLSTATEs the service maps to error codes):
--   CL002  the journal is append-only: its rows never change (a reversal corrects them)
--   CL004  a posting breaks the chart: no such account, a heading, the member rule, no such member
--   CL008  a protected record changes other than allowed (an account's rule, a contract's terms,
--          a run's figures, a member with postings, a period row)
--   CL009  a row written outside its entry's transaction (postings or hash links of another
--          transaction's entry, lines for an entry already checked and chained)
-- The functions are the released ones with only their ERRCODE changed.


-- From 001_cooperatives_and_chart.sql.
CREATE OR REPLACE FUNCTION protect_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'account % of cooperative % cannot be deleted', OLD.code, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    IF (NEW.coop_id, NEW.code, NEW.kind, NEW.member_rule, NEW.is_postable, NEW.parent_code)
       IS DISTINCT FROM (OLD.coop_id, OLD.code, OLD.kind, OLD.member_rule, OLD.is_postable, OLD.parent_code) THEN
        RAISE EXCEPTION 'account % of cooperative %: only its names can change', OLD.code, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    RETURN NEW;
END $$;

-- From 003_journal.sql.
CREATE OR REPLACE FUNCTION refuse_period_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'periods are never deleted; a closed year is reopened only by reversing its distribution run'
        USING ERRCODE = 'CL008';
END $$;

-- From 003_journal.sql.
CREATE OR REPLACE FUNCTION protect_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'DELETE' OR NEW.member_no <> OLD.member_no OR NEW.coop_id <> OLD.coop_id)
       AND EXISTS (SELECT 1 FROM postings p WHERE p.coop_id = OLD.coop_id AND p.member_no = OLD.member_no) THEN
        RAISE EXCEPTION 'member % of cooperative % has postings and cannot be deleted or renumbered; record the day they left instead',
            OLD.member_no, OLD.coop_id USING ERRCODE = 'CL008';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- From 004_operations.sql.
CREATE OR REPLACE FUNCTION protect_loan_equity_contract() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.repaid_on IS NOT NULL
       OR (NEW.coop_id, NEW.contract_id, NEW.member_no, NEW.principal_fen, NEW.starts_on, NEW.years,
           NEW.payout_fen, NEW.treatment, NEW.received_entry_id, NEW.contract_key)
          IS DISTINCT FROM
          (OLD.coop_id, OLD.contract_id, OLD.member_no, OLD.principal_fen, OLD.starts_on, OLD.years,
           OLD.payout_fen, OLD.treatment, OLD.received_entry_id, OLD.contract_key) THEN
        RAISE EXCEPTION 'loan-equity contract % of cooperative %: only its repayment can be recorded, once', OLD.contract_id, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    RETURN NEW;
END $$;

-- From 004_operations.sql.
CREATE OR REPLACE FUNCTION protect_lease() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.ends_on IS NOT NULL
       OR (NEW.coop_id, NEW.lease_id, NEW.member_no, NEW.area_hundredths_mu, NEW.rate_fen_per_mu, NEW.starts_on, NEW.contract_key)
          IS DISTINCT FROM
          (OLD.coop_id, OLD.lease_id, OLD.member_no, OLD.area_hundredths_mu, OLD.rate_fen_per_mu, OLD.starts_on, OLD.contract_key) THEN
        RAISE EXCEPTION 'lease % of cooperative %: only an end date can be added, once', OLD.lease_id, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    RETURN NEW;
END $$;

-- From 005_distribution.sql.
CREATE OR REPLACE FUNCTION protect_distribution_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.status = 'reversed' OR NEW.status <> 'reversed'
       OR (to_jsonb(NEW) - 'status' - 'reversed_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'reversed_at') THEN
        RAISE EXCEPTION 'distribution run % of cooperative %: only its reversal can be recorded, once', OLD.run_id, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    RETURN NEW;
END $$;

-- From 005_distribution.sql.
CREATE OR REPLACE FUNCTION refuse_run_member_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a distribution run''s member shares never change' USING ERRCODE = 'CL008';
END $$;

-- From 006_hash_chain.sql.
CREATE OR REPLACE FUNCTION check_new_links() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT l.entry_id INTO bad FROM new_links l
    LEFT JOIN journal_entries e ON e.coop_id = l.coop_id AND e.entry_id = l.entry_id
    WHERE e.entry_id IS NULL OR e.xmin <> pg_current_xact_id()::xid
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a hash link for entry % must be written in the transaction that creates the entry', bad.entry_id
            USING ERRCODE = 'CL009';
    END IF;
    RETURN NULL;
END $$;

-- From 006_hash_chain.sql.
CREATE OR REPLACE FUNCTION refuse_lines_for_checked_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id INTO bad FROM new_postings p
    WHERE EXISTS (SELECT 1 FROM entry_hashes h WHERE h.coop_id = p.coop_id AND h.entry_id = p.entry_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % has been checked and chained; it takes no more lines', bad.entry_id
            USING ERRCODE = 'CL009';
    END IF;
    RETURN NULL;
END $$;

-- From 003_journal.sql: the first check (which entry, date and kind, which transaction) is CL009.
CREATE OR REPLACE FUNCTION check_new_postings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id, e.entry_id AS known_entry, p.entry_date, e.entry_date AS expected_date,
           p.kind, coalesce(original.kind, e.kind) AS expected_kind
    INTO bad
    FROM new_postings p
    LEFT JOIN journal_entries e ON e.coop_id = p.coop_id AND e.entry_id = p.entry_id
    LEFT JOIN journal_entries original ON original.coop_id = e.coop_id AND original.entry_id = e.reverses_entry_id
    -- xmin is the inserting transaction. Entries and postings go in together, outside
    -- any savepoint, so an entry of this transaction has xmin = our transaction id.
    WHERE e.entry_id IS NULL OR e.xmin <> pg_current_xact_id()::xid
       OR p.entry_date <> e.entry_date OR p.kind <> coalesce(original.kind, e.kind)
    LIMIT 1;
    IF FOUND THEN
        IF bad.known_entry IS NOT NULL AND bad.entry_date = bad.expected_date AND bad.kind <> bad.expected_kind THEN
            RAISE EXCEPTION 'postings of entry % must carry its kind %, not %', bad.entry_id, bad.expected_kind, bad.kind
                USING ERRCODE = 'CL009';
        ELSIF bad.known_entry IS NOT NULL AND bad.entry_date <> bad.expected_date THEN
            RAISE EXCEPTION 'postings of entry % must carry its date %, not %', bad.entry_id, bad.expected_date, bad.entry_date
                USING ERRCODE = 'CL009';
        END IF;
        RAISE EXCEPTION 'postings for entry % must be inserted with the entry, in the transaction that creates it', bad.entry_id
            USING ERRCODE = 'CL009';
    END IF;

    SELECT p.entry_id, p.line_no, p.account_code, p.member_no, a.code AS known_code, a.is_postable, a.member_rule
    INTO bad
    FROM new_postings p
    LEFT JOIN accounts a ON a.coop_id = p.coop_id AND a.code = p.account_code
    WHERE a.code IS NULL OR NOT a.is_postable
       OR (a.member_rule = 'required' AND p.member_no IS NULL)
       OR (a.member_rule = 'none' AND p.member_no IS NOT NULL)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: %', bad.entry_id, bad.line_no,
            CASE
                WHEN bad.known_code IS NULL THEN format('no account %s', bad.account_code)
                WHEN NOT bad.is_postable THEN format('account %s is a heading and takes no postings', bad.account_code)
                WHEN bad.member_no IS NULL THEN format('account %s is kept per member; the line names none', bad.account_code)
                ELSE format('account %s has no member detail accounts; the line names member %s', bad.account_code, bad.member_no)
            END
            USING ERRCODE = 'CL004';
    END IF;

    SELECT p.entry_id, p.line_no, p.member_no INTO bad
    FROM new_postings p
    WHERE p.member_no IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM members m WHERE m.coop_id = p.coop_id AND m.member_no = p.member_no)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: no member %', bad.entry_id, bad.line_no, bad.member_no
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;
