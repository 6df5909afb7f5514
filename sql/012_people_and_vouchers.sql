-- The bookkeeper's month, part one: named people with roles per cooperative, who is
-- recorded on every entry, vouchers numbered without gaps per cooperative and month, and
-- drafts that a second person approves before they reach the journal.
--
-- Who acts: every writing transaction names its person in the setting coopledger.actor
-- (`SELECT set_config('coopledger.actor', 'wang', true)`). The command line and the HTTP
-- API are the database's trusted clients and set it to the signed-in person (the command
-- line's default is the built-in person `system`); the database then refuses what that
-- person's roles do not allow. A client that may set any actor is trusted like one that
-- may write any row: the setting records and limits people, it does not authenticate them.
--
-- New SQLSTATEs:
--   CL010  the acting person lacks the role for this (or no person is named)
--   CL011  a voucher rule: the preparer approves, an approved or posted voucher changes,
--          an entry posted as a voucher differs from it, a general entry bypasses approval

-- People are one table for every cooperative: one bookkeeper keeps the books of many
-- (代理记账). It is small and read-mostly; distributed by cooperative on Citus it is a
-- reference table, copied to every node, like the chart's template.
CREATE TABLE people (
    login         text PRIMARY KEY CHECK (login ~ '^[a-z][a-z0-9._-]{1,31}$'),
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
    -- bcrypt, made by the application; NULL: the person cannot sign in with a password.
    password_hash text CHECK (password_hash ~ '^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$'),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- The command line's person when none is named: the operator of the machine, who holds
-- every cooperative's books (admin in '*'). It has no password and cannot sign in.
INSERT INTO people (login, name) VALUES ('system', '系统');

-- Roles per cooperative; '*' for every cooperative. A person may hold several.
--   preparer  prepares vouchers, posts day-to-day entries (the former bookkeeper token)
--   approver  approves others' vouchers, and may prepare and post like a preparer
--   auditor   reads everything, changes nothing
--   admin     everything: members, contracts, runs, periods, people; approves others' vouchers
CREATE TABLE person_roles (
    coop_id    text NOT NULL CHECK (coop_id = '*' OR coop_id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    login      text NOT NULL REFERENCES people,
    role       text NOT NULL CHECK (role IN ('preparer', 'approver', 'auditor', 'admin')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coop_id, login, role)
);

INSERT INTO person_roles (coop_id, login, role) VALUES ('*', 'system', 'admin');

-- Whether `login` holds one of `roles` in the cooperative (or in every cooperative).
CREATE FUNCTION person_holds(p_coop text, p_login text, p_roles text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM person_roles r
                   WHERE r.coop_id IN (p_coop, '*') AND r.login = p_login AND r.role = ANY (p_roles))
$$;

CREATE FUNCTION acting_person() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('coopledger.actor', true), '')
$$;

-- Every token acts as a person. Tokens made before people existed each become a person of
-- their own, `token-N`, holding the role their token had (bookkeeper → preparer), so they
-- keep working as before and what they post names them.
ALTER TABLE api_tokens ADD COLUMN login text REFERENCES people;
ALTER TABLE api_tokens ALTER COLUMN role DROP NOT NULL;
INSERT INTO people (login, name)
SELECT 'token-' || token_id, 'API token ' || token_id FROM api_tokens;
INSERT INTO person_roles (coop_id, login, role)
SELECT coop_id, 'token-' || token_id, CASE role WHEN 'bookkeeper' THEN 'preparer' ELSE role END FROM api_tokens;
UPDATE api_tokens SET login = 'token-' || token_id;
ALTER TABLE api_tokens ALTER COLUMN login SET NOT NULL;

-- A cooperative may require every general entry to go through an approved voucher.
ALTER TABLE cooperatives ADD COLUMN requires_approval boolean NOT NULL DEFAULT false;

-- Drafts (记账凭证 not yet posted). Not in the journal: edited or deleted by the preparer
-- until approved; approved by another person; posted as one journal entry that names it.
CREATE TABLE vouchers (
    coop_id         text NOT NULL REFERENCES cooperatives,
    voucher_id      bigint GENERATED ALWAYS AS IDENTITY,
    entry_date      date NOT NULL,
    memo            text NOT NULL DEFAULT '' CHECK (length(memo) <= 500),
    -- 附单据 N 张: receipts attached to the paper voucher.
    attachments     integer NOT NULL DEFAULT 0 CHECK (attachments BETWEEN 0 AND 999),
    prepared_by     text NOT NULL REFERENCES people,
    prepared_at     timestamptz NOT NULL DEFAULT now(),
    approved_by     text REFERENCES people,
    approved_at     timestamptz,
    -- Why an approver sent it back (cleared approval); shown to the preparer.
    returned_reason text CHECK (length(returned_reason) <= 500),
    PRIMARY KEY (coop_id, voucher_id),
    CONSTRAINT vouchers_preparer_does_not_approve CHECK (approved_by <> prepared_by),
    CONSTRAINT vouchers_approval_complete CHECK ((approved_by IS NULL) = (approved_at IS NULL))
);

CREATE TABLE voucher_lines (
    coop_id      text NOT NULL,
    voucher_id   bigint NOT NULL,
    line_no      smallint NOT NULL CHECK (line_no BETWEEN 1 AND 1000),
    account_code text NOT NULL,
    member_no    integer,
    amount       bigint NOT NULL CHECK (amount <> 0 AND abs(amount) <= 100000000000000),
    PRIMARY KEY (coop_id, voucher_id, line_no),
    FOREIGN KEY (coop_id, voucher_id) REFERENCES vouchers ON DELETE CASCADE
);

-- Who did it, on the entry itself. Entries from before this migration name nobody.
ALTER TABLE journal_entries
    ADD COLUMN posted_by   text DEFAULT acting_person(),
    ADD COLUMN prepared_by text DEFAULT acting_person(),
    ADD COLUMN approved_by text,
    ADD COLUMN voucher_id  bigint,
    ADD COLUMN attachments integer NOT NULL DEFAULT 0 CHECK (attachments BETWEEN 0 AND 999);
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_people_named
    CHECK (posted_by IS NOT NULL AND prepared_by IS NOT NULL) NOT VALID;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_approved_through_voucher
    CHECK ((approved_by IS NULL) = (voucher_id IS NULL));
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_preparer_does_not_approve
    CHECK (approved_by <> prepared_by);
-- A draft is posted once. Partial: the many entries posted directly are not indexed here.
CREATE UNIQUE INDEX journal_entries_voucher_posted_once ON journal_entries (coop_id, voucher_id) WHERE voucher_id IS NOT NULL;

ALTER TABLE distribution_runs ADD COLUMN run_by text DEFAULT acting_person();

-- Kinds a preparer or approver may post; every other kind (contracts' accruals and
-- payments, capital, subsidies, runs) is an admin's. The same list as Role.toReverse.
CREATE FUNCTION kind_is_day_to_day(p_kind text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT p_kind IN ('general', 'purchase', 'purchase_payment', 'sale', 'sale_payment', 'cost_transfer', 'reversal')
$$;

-- New entries: the poster is the acting person and may post this kind here; an entry
-- posted from a voucher carries that voucher's approved people; in a cooperative that
-- requires approval a general entry comes from a voucher.
CREATE FUNCTION check_entry_people() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actor text := acting_person();
    bad record;
BEGIN
    -- Set-based over what differs (an import of 500,000 entries has one poster and a few
    -- kinds): each distinct cooperative, poster and kind class is checked once. (OFFSET 0
    -- keeps the planner from pushing the role lookup below the DISTINCT, once per entry.)
    SELECT d.coop_id, d.posted_by, d.day_to_day INTO bad
    FROM (SELECT DISTINCT coop_id, posted_by, kind_is_day_to_day(kind) AS day_to_day FROM new_entries OFFSET 0) AS d
    WHERE d.posted_by IS DISTINCT FROM actor
       OR NOT person_holds(d.coop_id, d.posted_by,
                           CASE WHEN d.day_to_day THEN ARRAY['preparer', 'approver', 'admin'] ELSE ARRAY['admin'] END)
    LIMIT 1;
    IF FOUND AND bad.posted_by IS DISTINCT FROM actor THEN
        RAISE EXCEPTION 'an entry names % as its poster, but the acting person is %; set coopledger.actor to the person posting',
            coalesce(bad.posted_by, 'nobody'), coalesce(actor, 'nobody') USING ERRCODE = 'CL010';
    ELSIF FOUND THEN
        RAISE EXCEPTION '% may not post % in %: %', bad.posted_by,
            CASE WHEN bad.day_to_day THEN 'day-to-day entries' ELSE 'entries of contracts, capital, subsidies, runs or openings' END, bad.coop_id,
            CASE WHEN bad.day_to_day THEN 'it needs the preparer, approver or admin role there' ELSE 'it needs the admin role there' END
            USING ERRCODE = 'CL010';
    END IF;

    SELECT n.entry_id, n.voucher_id INTO bad FROM new_entries n
    WHERE n.voucher_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM vouchers v
                      WHERE v.coop_id = n.coop_id AND v.voucher_id = n.voucher_id AND v.approved_by IS NOT DISTINCT FROM n.approved_by
                        AND v.prepared_by = n.prepared_by AND v.entry_date = n.entry_date AND v.memo = n.memo AND v.attachments = n.attachments)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % is posted as voucher draft % but does not carry that draft''s date, memo, attachments and approved people',
            bad.entry_id, bad.voucher_id USING ERRCODE = 'CL011';
    END IF;

    SELECT n.entry_id, n.coop_id INTO bad FROM new_entries n
    WHERE n.kind = 'general' AND n.voucher_id IS NULL
      AND n.coop_id IN (SELECT c.coop_id FROM cooperatives c WHERE c.requires_approval)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry %: % requires approval; a general entry is posted from an approved voucher draft',
            bad.entry_id, bad.coop_id USING ERRCODE = 'CL011';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_people_allowed AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION check_entry_people();

-- At commit, for entries posted from a voucher: their lines are the voucher's lines.
CREATE FUNCTION check_entry_matches_voucher() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    differences integer;
BEGIN
    SELECT count(*) INTO differences FROM (
        (SELECT line_no, account_code, member_no, amount FROM postings WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id
         EXCEPT ALL
         SELECT line_no, account_code, member_no, amount FROM voucher_lines WHERE coop_id = NEW.coop_id AND voucher_id = NEW.voucher_id)
        UNION ALL
        (SELECT line_no, account_code, member_no, amount FROM voucher_lines WHERE coop_id = NEW.coop_id AND voucher_id = NEW.voucher_id
         EXCEPT ALL
         SELECT line_no, account_code, member_no, amount FROM postings WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id)
    ) AS d;
    IF differences > 0 THEN
        RAISE EXCEPTION 'entry % is posted as voucher draft % but its lines are not that draft''s lines', NEW.entry_id, NEW.voucher_id
            USING ERRCODE = 'CL011';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER journal_entries_match_voucher AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.voucher_id IS NOT NULL) EXECUTE FUNCTION check_entry_matches_voucher();

-- A draft changes only by its preparer and only while unapproved; approval is given by
-- the acting person, who holds the approver or admin role and did not prepare it; a
-- posted voucher never changes or goes.
CREATE FUNCTION guard_voucher() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actor text := acting_person();
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.prepared_by IS DISTINCT FROM actor THEN
            RAISE EXCEPTION 'a voucher is prepared by the acting person (%), not %', coalesce(actor, 'nobody'), NEW.prepared_by
                USING ERRCODE = 'CL010';
        END IF;
        IF NOT person_holds(NEW.coop_id, actor, ARRAY['preparer', 'approver', 'admin']) THEN
            RAISE EXCEPTION '% may not prepare vouchers in %: it needs the preparer, approver or admin role there', actor, NEW.coop_id
                USING ERRCODE = 'CL010';
        END IF;
        IF NEW.approved_by IS NOT NULL THEN
            RAISE EXCEPTION 'a voucher is approved after it is prepared, by another person' USING ERRCODE = 'CL011';
        END IF;
        RETURN NEW;
    END IF;
    IF EXISTS (SELECT 1 FROM journal_entries e WHERE e.coop_id = OLD.coop_id AND e.voucher_id = OLD.voucher_id) THEN
        RAISE EXCEPTION 'voucher draft % is posted; a posted voucher is corrected by a reversal', OLD.voucher_id
            USING ERRCODE = 'CL011';
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF OLD.prepared_by IS DISTINCT FROM actor THEN
            RAISE EXCEPTION 'only its preparer % deletes voucher draft %', OLD.prepared_by, OLD.voucher_id USING ERRCODE = 'CL011';
        END IF;
        RETURN OLD;
    END IF;
    IF (NEW.coop_id, NEW.voucher_id, NEW.prepared_by, NEW.prepared_at) IS DISTINCT FROM (OLD.coop_id, OLD.voucher_id, OLD.prepared_by, OLD.prepared_at) THEN
        RAISE EXCEPTION 'who prepared a voucher, and when, never changes' USING ERRCODE = 'CL011';
    END IF;
    IF (NEW.entry_date, NEW.memo, NEW.attachments) IS DISTINCT FROM (OLD.entry_date, OLD.memo, OLD.attachments) THEN
        IF OLD.approved_by IS NOT NULL OR NEW.approved_by IS NOT NULL THEN
            RAISE EXCEPTION 'voucher draft % is approved; send it back before changing it', OLD.voucher_id USING ERRCODE = 'CL011';
        END IF;
        IF OLD.prepared_by IS DISTINCT FROM actor THEN
            RAISE EXCEPTION 'only its preparer % edits voucher draft %', OLD.prepared_by, OLD.voucher_id USING ERRCODE = 'CL011';
        END IF;
    END IF;
    IF NEW.approved_by IS NOT NULL AND OLD.approved_by IS NULL THEN
        IF NEW.approved_by IS DISTINCT FROM actor THEN
            RAISE EXCEPTION 'a voucher is approved by the acting person (%), not %', coalesce(actor, 'nobody'), NEW.approved_by
                USING ERRCODE = 'CL010';
        END IF;
        IF NEW.approved_by = NEW.prepared_by THEN
            RAISE EXCEPTION '% prepared voucher draft % and may not approve it; another person approves', NEW.prepared_by, NEW.voucher_id
                USING ERRCODE = 'CL011';
        END IF;
        IF NOT person_holds(NEW.coop_id, actor, ARRAY['approver', 'admin']) THEN
            RAISE EXCEPTION '% may not approve vouchers in %: it needs the approver or admin role there', actor, NEW.coop_id
                USING ERRCODE = 'CL010';
        END IF;
    ELSIF NEW.approved_by IS DISTINCT FROM OLD.approved_by AND NEW.approved_by IS NOT NULL THEN
        RAISE EXCEPTION 'voucher draft % is approved already, by %', OLD.voucher_id, OLD.approved_by USING ERRCODE = 'CL011';
    ELSIF ((NEW.approved_by IS NULL AND OLD.approved_by IS NOT NULL) OR NEW.returned_reason IS DISTINCT FROM OLD.returned_reason)
          AND NEW.returned_reason IS NOT NULL
          AND NOT person_holds(NEW.coop_id, actor, ARRAY['approver', 'admin']) THEN
        RAISE EXCEPTION '% may not send back vouchers in %: it needs the approver or admin role there', actor, NEW.coop_id
            USING ERRCODE = 'CL010';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER vouchers_guarded BEFORE INSERT OR UPDATE OR DELETE ON vouchers
    FOR EACH ROW EXECUTE FUNCTION guard_voucher();

-- A draft's lines change with the draft: by its preparer, while it is unapproved.
-- (Deleting a draft deletes its lines by cascade, after guard_voucher allowed it.)
CREATE FUNCTION guard_voucher_lines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line voucher_lines := CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    draft vouchers;
BEGIN
    SELECT * INTO draft FROM vouchers v WHERE v.coop_id = line.coop_id AND v.voucher_id = line.voucher_id;
    IF NOT FOUND THEN
        RETURN line;  -- the draft itself is being deleted
    END IF;
    IF draft.approved_by IS NOT NULL THEN
        RAISE EXCEPTION 'voucher draft % is approved; its lines do not change', draft.voucher_id USING ERRCODE = 'CL011';
    END IF;
    IF draft.prepared_by IS DISTINCT FROM acting_person() THEN
        RAISE EXCEPTION 'only its preparer % changes the lines of voucher draft %', draft.prepared_by, draft.voucher_id
            USING ERRCODE = 'CL011';
    END IF;
    RETURN line;
END $$;

CREATE TRIGGER voucher_lines_guarded BEFORE INSERT OR UPDATE OR DELETE ON voucher_lines
    FOR EACH ROW EXECUTE FUNCTION guard_voucher_lines();

-- Voucher numbers: 记-YYYY-MM-NNNN, 1, 2, 3… per cooperative and month of the entry's
-- date, in posting (commit) order. An entry takes its number at commit, in the chain's
-- commit trigger (015_tamper_evidence_v3.sql), under its cooperative's chain lock (which every committing poster takes anyway), so posters queue
-- only for as long as they did before; an import numbers its entries set-based before it
-- chains them. Whoever writes numbers, the database checks them: each names an entry of
-- the writing transaction and its entry's month, and a month's new numbers continue its
-- counter without a gap (the counter is kept by that check alone). A rolled-back posting
-- gives its numbers back with the counter.
CREATE TABLE voucher_counters (
    coop_id     text NOT NULL,
    month       date NOT NULL CHECK (extract(day FROM month) = 1),
    last_number integer NOT NULL CHECK (last_number >= 0),
    PRIMARY KEY (coop_id, month)
);

CREATE TABLE voucher_numbers (
    coop_id  text NOT NULL,
    month    date NOT NULL CHECK (extract(day FROM month) = 1),
    number   integer NOT NULL CHECK (number >= 1),
    entry_id bigint NOT NULL,
    PRIMARY KEY (coop_id, month, number),
    CONSTRAINT voucher_numbers_one_per_entry UNIQUE (coop_id, entry_id)
);

-- Entries posted before numbering existed get their numbers now, in id order per month.
INSERT INTO voucher_numbers (coop_id, month, number, entry_id)
SELECT coop_id, date_trunc('month', entry_date)::date,
       row_number() OVER (PARTITION BY coop_id, date_trunc('month', entry_date) ORDER BY entry_id), entry_id
FROM journal_entries;
INSERT INTO voucher_counters (coop_id, month, last_number)
SELECT coop_id, month, max(number) FROM voucher_numbers GROUP BY coop_id, month;

CREATE TRIGGER voucher_numbers_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON voucher_numbers
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- New numbers: for entries of this transaction, in their entry's month, continuing each
-- month's counter without a gap; then the counters move on.
CREATE FUNCTION check_new_voucher_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    -- Numbers written by the ledger's own commit trigger (chain_new_entry, from 015) came
    -- from the counter it moved itself; a client's statement runs this at depth 1.
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    SELECT n.entry_id, n.month, e.entry_id AS known INTO bad FROM new_numbers n
    LEFT JOIN journal_entries e ON e.coop_id = n.coop_id AND e.entry_id = n.entry_id
    WHERE e.entry_id IS NULL OR e.xmin <> pg_current_xact_id()::xid OR date_trunc('month', e.entry_date)::date <> n.month
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'voucher number for entry %: it names % entry of this transaction in its own month', bad.entry_id,
            CASE WHEN bad.known IS NULL THEN 'no' ELSE 'not an' END USING ERRCODE = 'CL009';
    END IF;
    INSERT INTO voucher_counters (coop_id, month, last_number)
    SELECT DISTINCT coop_id, month, 0 FROM new_numbers ORDER BY 1, 2
    ON CONFLICT (coop_id, month) DO NOTHING;
    PERFORM 1 FROM voucher_counters c
    WHERE (c.coop_id, c.month) IN (SELECT DISTINCT coop_id, month FROM new_numbers)
    ORDER BY c.coop_id, c.month FOR UPDATE;
    SELECT g.coop_id, g.month, c.last_number, g.first, g.last, g.count INTO bad
    FROM (SELECT coop_id, month, min(number) AS first, max(number) AS last, count(*) AS count FROM new_numbers GROUP BY 1, 2) g
    JOIN voucher_counters c ON c.coop_id = g.coop_id AND c.month = g.month
    WHERE g.first <> c.last_number + 1 OR g.last <> c.last_number + g.count
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'voucher numbers of % %: % to % do not continue % without a gap', bad.coop_id, to_char(bad.month, 'YYYY-MM'),
            bad.first, bad.last, bad.last_number USING ERRCODE = 'CL009';
    END IF;
    UPDATE voucher_counters c SET last_number = g.last
    FROM (SELECT coop_id, month, max(number) AS last FROM new_numbers GROUP BY 1, 2) g
    WHERE c.coop_id = g.coop_id AND c.month = g.month;
    RETURN NULL;
END $$;

CREATE TRIGGER voucher_numbers_check_new AFTER INSERT ON voucher_numbers
    REFERENCING NEW TABLE AS new_numbers
    FOR EACH STATEMENT EXECUTE FUNCTION check_new_voucher_numbers();

-- The counters move only with new numbers (the check above and the chain's commit trigger
-- run their statements at depth 2 or more; a client's own statement runs this at depth 1).
CREATE FUNCTION refuse_direct_counting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION 'voucher counters move only as numbers are given; % on % is not allowed', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'CL002';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER voucher_counters_by_numbering_only BEFORE INSERT OR UPDATE OR DELETE ON voucher_counters
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_counting();
CREATE TRIGGER voucher_counters_never_truncated BEFORE TRUNCATE ON voucher_counters
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
