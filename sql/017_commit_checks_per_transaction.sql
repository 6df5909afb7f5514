-- The commit checks run once per cooperative per transaction, set-based, instead of once per
-- entry: an import of 500,000 entries, or a group commit of 32, pays a handful of queries at
-- commit, not three trigger firings (each with its own queries) per entry.
--
-- What runs at commit is unchanged: every new entry has at least two lines summing to zero;
-- a reversal's lines are the original's negated; an entry posted from a voucher draft carries
-- that draft's lines; then, under the cooperative's chain lock, unnumbered entries take their
-- month's next voucher numbers and every entry is chained (format 3, in entry order). The
-- period rules stay where they were, checked as entries are inserted with a share lock on
-- their years held until commit (003, 008, 013).
--
-- How: inserting entries records them in `unchecked_entries` and puts one marker row per
-- cooperative and transaction in `commit_checks`; a deferred constraint trigger on the
-- marker runs the checks over that cooperative's unchecked entries, then removes them and
-- the marker. Both tables are only ever written by these triggers (a client's own statement
-- is refused), so no client can take an entry out of the checks. Their rows never outlive
-- the transaction that wrote them, so the tables are unlogged: nothing in them is worth a
-- WAL record.

DROP TRIGGER journal_entries_balanced ON journal_entries;
DROP TRIGGER journal_entries_chained ON journal_entries;
DROP TRIGGER journal_entries_match_voucher ON journal_entries;
DROP FUNCTION check_entry_balanced();
DROP FUNCTION chain_new_entry();
DROP FUNCTION check_entry_matches_voucher();

-- The canonical bytes are built by json_build_array and convert_to, which are STABLE; declared
-- IMMUTABLE, these two were never inlined, and chaining paid a function call per entry and
-- per line. Their output is unchanged.
ALTER FUNCTION canonical_line_v2(postings) STABLE;
ALTER FUNCTION entry_canonical_v3(journal_entries, date, integer, json) STABLE;

CREATE UNLOGGED TABLE unchecked_entries (
    coop_id  text NOT NULL,
    entry_id bigint NOT NULL,
    PRIMARY KEY (coop_id, entry_id)
);

CREATE UNLOGGED TABLE commit_checks (
    coop_id text NOT NULL,
    xact    xid8 NOT NULL,
    PRIMARY KEY (coop_id, xact)
);

-- The triggers below write these tables from inside a trigger, so their statements run at
-- depth 2 or more; a client's own statement runs this at depth 1.
CREATE FUNCTION refuse_direct_check_bookkeeping() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 THEN
        RAISE EXCEPTION '% is kept by the journal''s own triggers; % on it is not allowed', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'CL002';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER unchecked_entries_by_triggers_only BEFORE INSERT OR UPDATE OR DELETE ON unchecked_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_check_bookkeeping();
CREATE TRIGGER unchecked_entries_never_truncated BEFORE TRUNCATE ON unchecked_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER commit_checks_by_triggers_only BEFORE INSERT OR UPDATE OR DELETE ON commit_checks
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_check_bookkeeping();
CREATE TRIGGER commit_checks_never_truncated BEFORE TRUNCATE ON commit_checks
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- New entries await their commit checks. A marker already there (an earlier statement of this
-- transaction) covers them too; one removed by checks that already ran (SET CONSTRAINTS …
-- IMMEDIATE) is put back, so entries inserted after that are checked as well.
CREATE FUNCTION await_commit_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unchecked_entries (coop_id, entry_id) SELECT coop_id, entry_id FROM new_entries;
    INSERT INTO commit_checks (coop_id, xact)
    SELECT DISTINCT coop_id, pg_current_xact_id() FROM new_entries ORDER BY 1
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_await_commit_checks AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION await_commit_checks();

-- At commit, once per cooperative the transaction wrote entries for.
--
-- Every statement walks the unchecked entries and looks up each one's rows by key (LATERAL
-- subqueries with OFFSET 0, and scalar subqueries, which the planner keeps as lookups): the
-- cost follows the entries being checked, never the size of the journal, whatever the
-- statistics say (a cooperative's first thousands of rows are often not analyzed yet).
CREATE FUNCTION run_commit_checks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    coop constant text := NEW.coop_id;
    bad record;
BEGIN
    SELECT u.entry_id, l.line_count, l.total INTO bad
    FROM unchecked_entries u
    CROSS JOIN LATERAL (SELECT count(*) AS line_count, coalesce(sum(p.amount), 0) AS total
                        FROM postings p WHERE p.coop_id = coop AND p.entry_id = u.entry_id) AS l
    WHERE u.coop_id = coop AND (l.line_count < 2 OR l.total <> 0)
    ORDER BY u.entry_id LIMIT 1;
    IF FOUND AND bad.line_count < 2 THEN
        RAISE EXCEPTION 'entry % has % line(s); an entry has at least two', bad.entry_id, bad.line_count
            USING ERRCODE = 'CL001';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'entry % does not balance: its lines sum to % fen, not 0', bad.entry_id, bad.total
            USING ERRCODE = 'CL001';
    END IF;

    -- Reversals and voucher postings are few; each is compared line for line.
    SELECT e.entry_id, e.reverses_entry_id, e.voucher_id, d.is_bad_reversal INTO bad
    FROM unchecked_entries u
    CROSS JOIN LATERAL (SELECT * FROM journal_entries e WHERE e.coop_id = coop AND e.entry_id = u.entry_id OFFSET 0) AS e
    CROSS JOIN LATERAL (SELECT
        e.reverses_entry_id IS NOT NULL AND EXISTS (
            (SELECT account_code, member_no, -amount FROM postings WHERE coop_id = coop AND entry_id = e.reverses_entry_id
             EXCEPT ALL
             SELECT account_code, member_no, amount FROM postings WHERE coop_id = coop AND entry_id = e.entry_id)
            UNION ALL
            (SELECT account_code, member_no, amount FROM postings WHERE coop_id = coop AND entry_id = e.entry_id
             EXCEPT ALL
             SELECT account_code, member_no, -amount FROM postings WHERE coop_id = coop AND entry_id = e.reverses_entry_id)
        ) AS is_bad_reversal,
        e.voucher_id IS NOT NULL AND EXISTS (
            (SELECT line_no, account_code, member_no, amount FROM postings WHERE coop_id = coop AND entry_id = e.entry_id
             EXCEPT ALL
             SELECT line_no, account_code, member_no, amount FROM voucher_lines WHERE coop_id = coop AND voucher_id = e.voucher_id)
            UNION ALL
            (SELECT line_no, account_code, member_no, amount FROM voucher_lines WHERE coop_id = coop AND voucher_id = e.voucher_id
             EXCEPT ALL
             SELECT line_no, account_code, member_no, amount FROM postings WHERE coop_id = coop AND entry_id = e.entry_id)
        ) AS is_bad_voucher_posting) AS d
    WHERE u.coop_id = coop AND (d.is_bad_reversal OR d.is_bad_voucher_posting)
    ORDER BY e.entry_id LIMIT 1;
    IF FOUND AND bad.is_bad_reversal THEN
        RAISE EXCEPTION 'entry % reverses entry % but its lines are not that entry''s lines negated', bad.entry_id, bad.reverses_entry_id
            USING ERRCODE = 'CL005';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'entry % is posted as voucher draft % but its lines are not that draft''s lines', bad.entry_id, bad.voucher_id
            USING ERRCODE = 'CL011';
    END IF;

    -- From here on, this cooperative's numbering and chain: one writer at a time until commit.
    PERFORM lock_chain(coop);

    -- Entries without a voucher number (an import may have numbered its own) take their
    -- month's next numbers in entry order, and the month's counter moves past them. (The
    -- numbers' own check leaves statements run from a trigger to the trigger.)
    WITH unnumbered AS (
        SELECT u.entry_id, date_trunc('month', e.entry_date)::date AS month
        FROM unchecked_entries u
        CROSS JOIN LATERAL (SELECT entry_date FROM journal_entries e WHERE e.coop_id = coop AND e.entry_id = u.entry_id OFFSET 0) AS e
        WHERE u.coop_id = coop
          AND (SELECT v.number FROM voucher_numbers v WHERE v.coop_id = coop AND v.entry_id = u.entry_id) IS NULL
    ), per_month AS (
        SELECT month, count(*)::integer AS taken FROM unnumbered GROUP BY month
    ), counted AS (
        INSERT INTO voucher_counters AS c (coop_id, month, last_number)
        SELECT coop, month, taken FROM per_month ORDER BY month
        ON CONFLICT (coop_id, month) DO UPDATE SET last_number = c.last_number + excluded.last_number
        RETURNING c.month, c.last_number
    )
    INSERT INTO voucher_numbers (coop_id, month, number, entry_id)
    SELECT coop, n.month, c.last_number - m.taken + row_number() OVER (PARTITION BY n.month ORDER BY n.entry_id), n.entry_id
    FROM unnumbered n JOIN per_month m USING (month) JOIN counted c USING (month);

    -- Then the chain, after the current head, in entry order (entries an import chained
    -- itself are left as they are).
    INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
    SELECT coop, u.entry_id, head.chain_seq + row_number() OVER (ORDER BY u.entry_id),
           chain_hash(head.hash, entry_canonical_v3(e.entry, v.month, v.number, l.lines)) OVER (ORDER BY u.entry_id), 3
    FROM unchecked_entries u
    CROSS JOIN LATERAL (SELECT e FROM journal_entries e WHERE e.coop_id = coop AND e.entry_id = u.entry_id OFFSET 0) AS e (entry)
    CROSS JOIN LATERAL (SELECT month, number FROM voucher_numbers v WHERE v.coop_id = coop AND v.entry_id = u.entry_id OFFSET 0) AS v
    CROSS JOIN LATERAL (SELECT json_agg(canonical_line_v2(p) ORDER BY p.line_no) AS lines
                        FROM postings p WHERE p.coop_id = coop AND p.entry_id = u.entry_id) AS l
    CROSS JOIN chain_head(coop) AS head
    WHERE u.coop_id = coop
      AND (SELECT h.chain_seq FROM entry_hashes h WHERE h.coop_id = coop AND h.entry_id = u.entry_id) IS NULL;

    DELETE FROM unchecked_entries WHERE coop_id = coop;
    DELETE FROM commit_checks WHERE coop_id = coop AND xact = NEW.xact;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER commit_checks_run AFTER INSERT ON commit_checks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION run_commit_checks();

-- The checks on new postings and links look each row's entry up by key, as the commit checks
-- do, rather than join: with a young table's statistics the planner hashed the whole journal
-- for every insert of two lines. Same checks, same messages (from 010_error_classes.sql).
CREATE OR REPLACE FUNCTION check_new_postings() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id, e.entry_id AS known_entry, p.entry_date, e.entry_date AS expected_date, p.kind, e.expected_kind
    INTO bad
    FROM new_postings p
    LEFT JOIN LATERAL (
        SELECT e.entry_id, e.entry_date, e.xmin AS inserted_by,
               coalesce((SELECT o.kind FROM journal_entries o WHERE o.coop_id = e.coop_id AND o.entry_id = e.reverses_entry_id), e.kind) AS expected_kind
        FROM journal_entries e WHERE e.coop_id = p.coop_id AND e.entry_id = p.entry_id OFFSET 0
    ) AS e ON true
    -- xmin is the inserting transaction. Entries and postings go in together, outside
    -- any savepoint, so an entry of this transaction has xmin = our transaction id.
    WHERE e.entry_id IS NULL OR e.inserted_by <> pg_current_xact_id()::xid
       OR p.entry_date <> e.entry_date OR p.kind <> e.expected_kind
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
    LEFT JOIN LATERAL (SELECT a.code, a.is_postable, a.member_rule FROM accounts a
                       WHERE a.coop_id = p.coop_id AND a.code = p.account_code OFFSET 0) AS a ON true
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
      AND (SELECT m.member_no FROM members m WHERE m.coop_id = p.coop_id AND m.member_no = p.member_no) IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: no member %', bad.entry_id, bad.line_no, bad.member_no
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION refuse_lines_for_checked_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id INTO bad FROM new_postings p
    WHERE (SELECT h.chain_seq FROM entry_hashes h WHERE h.coop_id = p.coop_id AND h.entry_id = p.entry_id) IS NOT NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % has been checked and chained; it takes no more lines', bad.entry_id
            USING ERRCODE = 'CL009';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION check_new_links() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT l.entry_id INTO bad FROM new_links l
    LEFT JOIN LATERAL (SELECT e.xmin AS inserted_by FROM journal_entries e
                       WHERE e.coop_id = l.coop_id AND e.entry_id = l.entry_id OFFSET 0) AS e ON true
    WHERE e.inserted_by IS NULL OR e.inserted_by <> pg_current_xact_id()::xid
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a hash link for entry % must be written in the transaction that creates the entry', bad.entry_id
            USING ERRCODE = 'CL009';
    END IF;
    RETURN NULL;
END $$;
