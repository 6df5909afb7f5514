-- Cheaper checks per transaction (issue 14). The same rules and messages; what changes is
-- how often the server plans and calls:
--
-- * The commit checks take the chain lock and read the chain head with statements of their
--   own (the bodies of lock_chain and chain_head): a SQL function called from PL/pgSQL is
--   planned again at every call, a PL/pgSQL statement once per connection.
-- * The poster's roles are looked up in the people check itself (person_holds written out),
--   for the same reason.
-- * One link of the chain (chain_hash's step) is a PL/pgSQL function: as an aggregate's step
--   a SQL function is never inlined and set up anew for every row; PL/pgSQL hashes the rows
--   of a 500,000-entry import a third faster (1.2 s against 1.8 s). Same bytes, same hash.

CREATE OR REPLACE FUNCTION chain_step(state bytea, seed bytea, canonical bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN sha256(coalesce(state, seed) || coalesce(canonical, ''::bytea));
END $$;

CREATE OR REPLACE FUNCTION run_commit_checks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    coop constant text := NEW.coop_id;
    bad record;
    head_seq bigint;
    head_hash bytea;
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
    -- (lock_chain's and chain_head's bodies, written out: a SQL function called from here
    -- is planned again at every call, these statements once per connection.)
    PERFORM pg_advisory_xact_lock(hashtextextended('coopledger.chain.' || coop, 0));

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
    SELECT h.chain_seq, h.hash INTO head_seq, head_hash
    FROM entry_hashes h WHERE h.coop_id = coop ORDER BY h.chain_seq DESC LIMIT 1;
    IF NOT FOUND THEN
        head_seq := 0;
        head_hash := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;
    INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
    SELECT coop, u.entry_id, head_seq + row_number() OVER (ORDER BY u.entry_id),
           chain_hash(head_hash, entry_canonical_v3(e.entry, v.month, v.number, l.lines)) OVER (ORDER BY u.entry_id), 3
    FROM unchecked_entries u
    CROSS JOIN LATERAL (SELECT e FROM journal_entries e WHERE e.coop_id = coop AND e.entry_id = u.entry_id OFFSET 0) AS e (entry)
    CROSS JOIN LATERAL (SELECT month, number FROM voucher_numbers v WHERE v.coop_id = coop AND v.entry_id = u.entry_id OFFSET 0) AS v
    CROSS JOIN LATERAL (SELECT json_agg(canonical_line_v2(p) ORDER BY p.line_no) AS lines
                        FROM postings p WHERE p.coop_id = coop AND p.entry_id = u.entry_id) AS l
    WHERE u.coop_id = coop
      AND (SELECT h.chain_seq FROM entry_hashes h WHERE h.coop_id = coop AND h.entry_id = u.entry_id) IS NULL;

    DELETE FROM unchecked_entries WHERE coop_id = coop;
    DELETE FROM commit_checks WHERE coop_id = coop AND xact = NEW.xact;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION check_entry_people() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actor text := acting_person();
    bad record;
BEGIN
    -- Set-based over what differs (an import of 500,000 entries has one poster and a few
    -- kinds): each distinct cooperative, poster and kind class is checked once. (OFFSET 0
    -- keeps the planner from pushing the role lookup below the DISTINCT, once per entry.
    -- The lookup is person_holds written out: a SQL function with a subquery is not
    -- inlined, and was planned again at every insert.)
    SELECT d.coop_id, d.posted_by, d.day_to_day INTO bad
    FROM (SELECT DISTINCT coop_id, posted_by, kind_is_day_to_day(kind) AS day_to_day FROM new_entries OFFSET 0) AS d
    WHERE d.posted_by IS DISTINCT FROM actor
       OR NOT EXISTS (SELECT 1 FROM person_roles r
                      WHERE r.coop_id IN (d.coop_id, '*') AND r.login = d.posted_by
                        AND r.role = ANY (CASE WHEN d.day_to_day THEN ARRAY['preparer', 'approver', 'admin'] ELSE ARRAY['admin'] END))
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
