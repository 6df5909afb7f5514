-- 034: the commit checks of a transaction that wrote to many cooperatives run once for all of
-- them (issue 27). `serve` writes a district's trickle of posts in batches that span
-- cooperatives; `BENCH_PROFILE=1 bench/http.sh` over 553 cooperatives showed each batch paying
-- the commit checks' eight statements once per cooperative (7 a transaction, an entry each),
-- and the approval check hashing every cooperative's row at every insert.
--
-- * run_commit_checks: each cooperative a transaction writes to still gets its own marker
--   (commit_checks), whose deferred trigger guarantees it is checked. The first marker to fire
--   now checks, numbers and chains every cooperative of the transaction whose marker is still
--   there, set-based (locks taken in the order of their codes), and removes their markers; the
--   later ones find theirs gone and return. Which cooperatives those are is noted, as the
--   entries go in, in a setting local to the transaction (coopledger.pending_checks): a hint,
--   never trusted, since each is checked only if its marker exists and any marker it leaves
--   out is checked by its own trigger. What is checked, and every message, is unchanged.
-- * check_entry_people: the approval check looks each new entry's cooperative up by its key.

CREATE OR REPLACE FUNCTION await_commit_checks() RETURNS trigger
LANGUAGE plpgsql SET search_path TO 'public', 'pg_temp' AS $$
BEGIN
    INSERT INTO unchecked_entries (coop_id, entry_id) SELECT coop_id, entry_id FROM new_entries;
    INSERT INTO commit_checks (coop_id, xact)
    SELECT DISTINCT coop_id, pg_current_xact_id() FROM new_entries ORDER BY 1
    ON CONFLICT DO NOTHING;
    PERFORM set_config('coopledger.pending_checks',
                       array_to_string(ARRAY(SELECT DISTINCT c FROM unnest(string_to_array(current_setting('coopledger.pending_checks', true), ',')
                                                                           || ARRAY(SELECT DISTINCT coop_id FROM new_entries)) AS c
                                             WHERE c <> ''), ','),
                       true);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION run_commit_checks() RETURNS trigger
LANGUAGE plpgsql SET search_path TO 'public', 'pg_temp' AS $$
DECLARE
    coops text[];
    bad record;
    chained_coops text[];
    chained_ids bigint[];
    head_coops text[];
    head_seqs bigint[];
    head_hashes bytea[];
BEGIN
    -- This marker's cooperative and the others the transaction noted, those whose markers
    -- are still there, in the order of their codes.
    coops := ARRAY(
        SELECT c.coop_id FROM commit_checks c
        WHERE c.xact = NEW.xact
          AND c.coop_id = ANY (NEW.coop_id || string_to_array(current_setting('coopledger.pending_checks', true), ','))
        ORDER BY c.coop_id);
    IF cardinality(coops) = 0 THEN
        RETURN NULL;
    END IF;

    SELECT u.entry_id, l.line_count, l.total INTO bad
    FROM unchecked_entries u
    CROSS JOIN LATERAL (SELECT count(*) AS line_count, coalesce(sum(p.amount), 0) AS total
                        FROM postings p WHERE p.coop_id = u.coop_id AND p.entry_id = u.entry_id) AS l
    WHERE u.coop_id = ANY (coops) AND (l.line_count < 2 OR l.total <> 0)
    ORDER BY u.coop_id, u.entry_id LIMIT 1;
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
    CROSS JOIN LATERAL (SELECT * FROM journal_entries e WHERE e.coop_id = u.coop_id AND e.entry_id = u.entry_id OFFSET 0) AS e
    CROSS JOIN LATERAL (SELECT
        e.reverses_entry_id IS NOT NULL AND EXISTS (
            (SELECT account_code, member_no, -amount FROM postings WHERE coop_id = e.coop_id AND entry_id = e.reverses_entry_id
             EXCEPT ALL
             SELECT account_code, member_no, amount FROM postings WHERE coop_id = e.coop_id AND entry_id = e.entry_id)
            UNION ALL
            (SELECT account_code, member_no, amount FROM postings WHERE coop_id = e.coop_id AND entry_id = e.entry_id
             EXCEPT ALL
             SELECT account_code, member_no, -amount FROM postings WHERE coop_id = e.coop_id AND entry_id = e.reverses_entry_id)
        ) AS is_bad_reversal,
        e.voucher_id IS NOT NULL AND EXISTS (
            (SELECT line_no, account_code, member_no, amount FROM postings WHERE coop_id = e.coop_id AND entry_id = e.entry_id
             EXCEPT ALL
             SELECT line_no, account_code, member_no, amount FROM voucher_lines WHERE coop_id = e.coop_id AND voucher_id = e.voucher_id)
            UNION ALL
            (SELECT line_no, account_code, member_no, amount FROM voucher_lines WHERE coop_id = e.coop_id AND voucher_id = e.voucher_id
             EXCEPT ALL
             SELECT line_no, account_code, member_no, amount FROM postings WHERE coop_id = e.coop_id AND entry_id = e.entry_id)
        ) AS is_bad_voucher_posting) AS d
    WHERE u.coop_id = ANY (coops) AND (d.is_bad_reversal OR d.is_bad_voucher_posting)
    ORDER BY u.coop_id, e.entry_id LIMIT 1;
    IF FOUND AND bad.is_bad_reversal THEN
        RAISE EXCEPTION 'entry % reverses entry % but its lines are not that entry''s lines negated', bad.entry_id, bad.reverses_entry_id
            USING ERRCODE = 'CL005';
    ELSIF FOUND THEN
        RAISE EXCEPTION 'entry % is posted as voucher draft % but its lines are not that draft''s lines', bad.entry_id, bad.voucher_id
            USING ERRCODE = 'CL011';
    END IF;

    -- From here on, these cooperatives' numbering and chains: one writer at a time until
    -- commit. Locked in the order of their codes, as every transaction that locks several does.
    PERFORM lock_chain(c) FROM unnest(coops) AS c;

    -- Entries without a voucher number (an import may have numbered its own) take their
    -- month's next numbers in entry order, and the month's counter moves past them. (The
    -- numbers' own check leaves statements run from a trigger to the trigger.)
    WITH unnumbered AS (
        SELECT u.coop_id, u.entry_id, date_trunc('month', e.entry_date)::date AS month
        FROM unchecked_entries u
        CROSS JOIN LATERAL (SELECT entry_date FROM journal_entries e WHERE e.coop_id = u.coop_id AND e.entry_id = u.entry_id OFFSET 0) AS e
        WHERE u.coop_id = ANY (coops)
          AND (SELECT v.number FROM voucher_numbers v WHERE v.coop_id = u.coop_id AND v.entry_id = u.entry_id) IS NULL
    ), per_month AS (
        SELECT coop_id, month, count(*)::integer AS taken FROM unnumbered GROUP BY coop_id, month
    ), counted AS (
        INSERT INTO voucher_counters AS c (coop_id, month, last_number)
        SELECT coop_id, month, taken FROM per_month ORDER BY coop_id, month
        ON CONFLICT (coop_id, month) DO UPDATE SET last_number = c.last_number + excluded.last_number
        RETURNING c.coop_id, c.month, c.last_number
    )
    INSERT INTO voucher_numbers (coop_id, month, number, entry_id)
    SELECT n.coop_id, n.month, c.last_number - m.taken + row_number() OVER (PARTITION BY n.coop_id, n.month ORDER BY n.entry_id), n.entry_id
    FROM unnumbered n JOIN per_month m USING (coop_id, month) JOIN counted c USING (coop_id, month);

    -- Then each chain, after its current head, in entry order (entries an import chained
    -- itself are left as they are). Those are found first, in a statement of their own: looked
    -- up from inside the INSERT, each lookup could scan the links the INSERT itself was
    -- adding, whenever the planner read the entries in order from their index instead of
    -- sorting them first (it does so when the statistics call the table empty).
    SELECT coalesce(array_agg(u.coop_id), '{}'), coalesce(array_agg(u.entry_id), '{}') INTO chained_coops, chained_ids
    FROM unchecked_entries u
    WHERE u.coop_id = ANY (coops)
      AND (SELECT h.chain_seq FROM entry_hashes h WHERE h.coop_id = u.coop_id AND h.entry_id = u.entry_id) IS NOT NULL;
    -- Each chain's head, read once (joined into the INSERT, it was read again for every entry).
    SELECT array_agg(c.coop_id), array_agg(h.chain_seq), array_agg(h.hash) INTO head_coops, head_seqs, head_hashes
    FROM unnest(coops) AS c(coop_id) CROSS JOIN LATERAL chain_head(c.coop_id) AS h;
    INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
    SELECT u.coop_id, u.entry_id, head.chain_seq + row_number() OVER chain,
           chain_hash(head.hash, entry_canonical_v3(e.entry, v.month, v.number, l.lines)) OVER chain, 3
    FROM unchecked_entries u
    CROSS JOIN LATERAL (SELECT e FROM journal_entries e WHERE e.coop_id = u.coop_id AND e.entry_id = u.entry_id OFFSET 0) AS e (entry)
    CROSS JOIN LATERAL (SELECT month, number FROM voucher_numbers v WHERE v.coop_id = u.coop_id AND v.entry_id = u.entry_id OFFSET 0) AS v
    CROSS JOIN LATERAL (SELECT json_agg(canonical_line_v2(p) ORDER BY p.line_no) AS lines
                        FROM postings p WHERE p.coop_id = u.coop_id AND p.entry_id = u.entry_id) AS l
    JOIN unnest(head_coops, head_seqs, head_hashes) AS head (coop_id, chain_seq, hash) ON head.coop_id = u.coop_id
    WHERE u.coop_id = ANY (coops)
      AND NOT EXISTS (SELECT 1 FROM unnest(chained_coops, chained_ids) AS d(coop_id, entry_id)
                      WHERE d.coop_id = u.coop_id AND d.entry_id = u.entry_id)
    WINDOW chain AS (PARTITION BY u.coop_id ORDER BY u.entry_id);

    DELETE FROM unchecked_entries WHERE coop_id = ANY (coops);
    DELETE FROM commit_checks WHERE coop_id = ANY (coops) AND xact = NEW.xact;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION check_entry_people()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'public', 'pg_temp'
AS $function$
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
      AND EXISTS (SELECT 1 FROM cooperatives c WHERE c.coop_id = n.coop_id AND c.requires_approval)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry %: % requires approval; a general entry is posted from an approved voucher draft',
            bad.entry_id, bad.coop_id USING ERRCODE = 'CL011';
    END IF;
    RETURN NULL;
END $function$;
