-- The journal: entries and their postings, append-only, balanced at commit.
--
-- Checks are set-based where they can be: statement-level triggers over transition
-- tables check every row a statement inserted in one query, so bulk loads (COPY) do
-- not pay a per-row check. The balance check runs at commit, once per entry, because
-- an entry's lines may arrive in several statements.

CREATE TABLE periods (
    coop_id   text NOT NULL REFERENCES cooperatives,
    year      integer NOT NULL CHECK (year BETWEEN 1 AND 9999),
    -- Set when the year is closed (after its surplus distribution); NULL while open.
    closed_at timestamptz,
    PRIMARY KEY (coop_id, year)
);

-- A period row is never deleted (that would reopen its year silently); reopening is an
-- UPDATE, which only reversing a distribution run does.
CREATE FUNCTION refuse_period_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'periods are never deleted; a closed year is reopened only by reversing its distribution run'
        USING ERRCODE = 'CL002';
END $$;

CREATE TRIGGER periods_never_deleted BEFORE DELETE OR TRUNCATE ON periods
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_period_delete();

CREATE SEQUENCE journal_entry_id_seq AS bigint;

CREATE TABLE journal_entries (
    coop_id           text NOT NULL,
    entry_id          bigint NOT NULL DEFAULT nextval('journal_entry_id_seq'),
    entry_date        date NOT NULL,
    memo              text NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    -- The client's idempotency key: a retried post finds its first entry by it.
    idempotency_key   text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128),
    -- A correction reverses exactly one earlier entry; an entry is reversed at most once.
    reverses_entry_id bigint CHECK (reverses_entry_id < entry_id),
    -- What the entry records; reports and the distribution find dealings by kind.
    kind              text NOT NULL DEFAULT 'general' CHECK (kind IN (
                          'general', 'capital_contribution', 'land_fee_accrual', 'land_fee_payment',
                          'purchase', 'purchase_payment', 'loan_equity_received', 'loan_equity_payout',
                          'loan_equity_repaid', 'year_end_close', 'surplus_distribution',
                          'distribution_payment', 'reversal')),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coop_id, entry_id),
    CONSTRAINT journal_entries_reversal_kind CHECK ((kind = 'reversal') = (reverses_entry_id IS NOT NULL)),
    CONSTRAINT journal_entries_key_unique UNIQUE (coop_id, idempotency_key),
    CONSTRAINT journal_entries_reversed_once UNIQUE (coop_id, reverses_entry_id)
);

CREATE INDEX journal_entries_by_date ON journal_entries (coop_id, entry_date);

CREATE TABLE postings (
    coop_id      text NOT NULL,
    entry_id     bigint NOT NULL,
    line_no      smallint NOT NULL CHECK (line_no BETWEEN 1 AND 1000),
    account_code text NOT NULL,
    member_no    integer,
    -- Fen; debit positive, credit negative.
    amount       bigint NOT NULL CHECK (amount <> 0),
    -- Copied from the entry (checked on insert), so reports by year and kind read
    -- postings alone. A reversal's postings carry the kind of the entry it reverses,
    -- so reversing a purchase takes it out of the purchase figures.
    entry_date   date NOT NULL,
    kind         text NOT NULL CHECK (kind <> 'reversal'),
    PRIMARY KEY (coop_id, entry_id, line_no)
);

CREATE INDEX postings_by_account ON postings (coop_id, account_code, member_no);

-- Append-only: a mistake is corrected by a reversal entry, never by changing history.
CREATE FUNCTION refuse_journal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the journal is append-only: % on % is not allowed; post a reversal entry instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'CL002';
END $$;

CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON journal_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER postings_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON postings
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- New entries: the cooperative exists, the year is open, a reversal names an earlier
-- entry that is not itself a reversal.
CREATE FUNCTION check_new_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.coop_id INTO bad FROM new_entries n
    WHERE NOT EXISTS (SELECT 1 FROM cooperatives c WHERE c.coop_id = n.coop_id) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'no cooperative %', bad.coop_id USING ERRCODE = 'CL006';
    END IF;

    -- Make sure each year touched has a period row and hold a share lock on those rows
    -- until commit: closing a year (UPDATE periods) waits for entries in flight. The lock
    -- comes first and the check after, in a statement of its own, so an entry that waited
    -- for a close to commit sees the year closed.
    INSERT INTO periods (coop_id, year)
    SELECT DISTINCT coop_id, extract(year FROM entry_date)::integer FROM new_entries
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM periods p
    WHERE (p.coop_id, p.year) IN (SELECT DISTINCT coop_id, extract(year FROM entry_date)::integer FROM new_entries)
    ORDER BY p.coop_id, p.year
    FOR SHARE;
    SELECT p.coop_id, p.year, n.entry_id, n.entry_date INTO bad
    FROM periods p
    JOIN new_entries n ON n.coop_id = p.coop_id AND extract(year FROM n.entry_date)::integer = p.year
    WHERE p.closed_at IS NOT NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % is dated %, in %''s closed year %', bad.entry_id, bad.entry_date, bad.coop_id, bad.year
            USING ERRCODE = 'CL003';
    END IF;

    SELECT n.entry_id, n.reverses_entry_id INTO bad FROM new_entries n
    LEFT JOIN journal_entries original
        ON original.coop_id = n.coop_id AND original.entry_id = n.reverses_entry_id
    WHERE n.reverses_entry_id IS NOT NULL
      AND (original.entry_id IS NULL OR original.reverses_entry_id IS NOT NULL)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % reverses entry %, which does not exist or is itself a reversal', bad.entry_id, bad.reverses_entry_id
            USING ERRCODE = 'CL005';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_check_new AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION check_new_entries();

-- New postings: they belong to an entry created in this same transaction (a committed
-- entry never gains lines), on a postable account of that cooperative, naming a member
-- exactly when the account keeps member detail accounts, and a member that exists.
CREATE FUNCTION check_new_postings() RETURNS trigger LANGUAGE plpgsql AS $$
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
                USING ERRCODE = 'CL004';
        ELSIF bad.known_entry IS NOT NULL AND bad.entry_date <> bad.expected_date THEN
            RAISE EXCEPTION 'postings of entry % must carry its date %, not %', bad.entry_id, bad.expected_date, bad.entry_date
                USING ERRCODE = 'CL004';
        END IF;
        RAISE EXCEPTION 'postings for entry % must be inserted with the entry, in the transaction that creates it', bad.entry_id
            USING ERRCODE = 'CL004';
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

CREATE TRIGGER postings_check_new AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION check_new_postings();

-- At commit, once per new entry: at least two lines, summing to zero; a reversal's
-- lines are exactly the original's, negated.
CREATE FUNCTION check_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line_count integer;
    total numeric;
    mismatches integer;
BEGIN
    SELECT count(*), coalesce(sum(amount), 0) INTO line_count, total
    FROM postings WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id;
    IF line_count < 2 THEN
        RAISE EXCEPTION 'entry % has % line(s); an entry has at least two', NEW.entry_id, line_count
            USING ERRCODE = 'CL001';
    END IF;
    IF total <> 0 THEN
        RAISE EXCEPTION 'entry % does not balance: its lines sum to % fen, not 0', NEW.entry_id, total
            USING ERRCODE = 'CL001';
    END IF;
    IF NEW.reverses_entry_id IS NOT NULL THEN
        SELECT count(*) INTO mismatches FROM (
            (SELECT account_code, member_no, -amount FROM postings
             WHERE coop_id = NEW.coop_id AND entry_id = NEW.reverses_entry_id
             EXCEPT ALL
             SELECT account_code, member_no, amount FROM postings
             WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id)
            UNION ALL
            (SELECT account_code, member_no, amount FROM postings
             WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id
             EXCEPT ALL
             SELECT account_code, member_no, -amount FROM postings
             WHERE coop_id = NEW.coop_id AND entry_id = NEW.reverses_entry_id)
        ) AS differences;
        IF mismatches > 0 THEN
            RAISE EXCEPTION 'entry % reverses entry % but its lines are not that entry''s lines negated', NEW.entry_id, NEW.reverses_entry_id
                USING ERRCODE = 'CL005';
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_entry_balanced();

-- A member named by the journal is never deleted or renumbered (members leave: left_on).
CREATE FUNCTION protect_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'DELETE' OR NEW.member_no <> OLD.member_no OR NEW.coop_id <> OLD.coop_id)
       AND EXISTS (SELECT 1 FROM postings p WHERE p.coop_id = OLD.coop_id AND p.member_no = OLD.member_no) THEN
        RAISE EXCEPTION 'member % of cooperative % has postings and cannot be deleted or renumbered; record the day they left instead',
            OLD.member_no, OLD.coop_id USING ERRCODE = 'CL002';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER members_protect BEFORE UPDATE OR DELETE ON members
    FOR EACH ROW EXECUTE FUNCTION protect_member();
