-- The commit checks' chain step stays linear whatever the statistics say (issue 24). A retried
-- import of 150,000 entries, after eight killed ones, ran its commit checks for over ten
-- minutes: autovacuum had counted the import's own unchecked entries as no rows, so the
-- planner read them in order from their index instead of sorting them, and the chain INSERT
-- then looked each entry up in entry_hashes while adding to it, scanning its own new links
-- once per entry. The entries already chained are now found before the INSERT begins; the
-- function is otherwise 017's, unchanged.

CREATE OR REPLACE FUNCTION run_commit_checks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    coop constant text := NEW.coop_id;
    bad record;
    chained_already bigint[];
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
    -- itself are left as they are). Those are found first, in a statement of their own: looked
    -- up from inside the INSERT, each lookup could scan the links the INSERT itself was
    -- adding, whenever the planner read the entries in order from their index instead of
    -- sorting them first (it does so when the statistics call the table empty).
    chained_already := ARRAY(
        SELECT u.entry_id FROM unchecked_entries u
        WHERE u.coop_id = coop
          AND (SELECT h.chain_seq FROM entry_hashes h WHERE h.coop_id = coop AND h.entry_id = u.entry_id) IS NOT NULL);
    INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
    SELECT coop, u.entry_id, head.chain_seq + row_number() OVER (ORDER BY u.entry_id),
           chain_hash(head.hash, entry_canonical_v3(e.entry, v.month, v.number, l.lines)) OVER (ORDER BY u.entry_id), 3
    FROM unchecked_entries u
    CROSS JOIN LATERAL (SELECT e FROM journal_entries e WHERE e.coop_id = coop AND e.entry_id = u.entry_id OFFSET 0) AS e (entry)
    CROSS JOIN LATERAL (SELECT month, number FROM voucher_numbers v WHERE v.coop_id = coop AND v.entry_id = u.entry_id OFFSET 0) AS v
    CROSS JOIN LATERAL (SELECT json_agg(canonical_line_v2(p) ORDER BY p.line_no) AS lines
                        FROM postings p WHERE p.coop_id = coop AND p.entry_id = u.entry_id) AS l
    CROSS JOIN chain_head(coop) AS head
    WHERE u.coop_id = coop AND u.entry_id <> ALL (chained_already);

    DELETE FROM unchecked_entries WHERE coop_id = coop;
    DELETE FROM commit_checks WHERE coop_id = coop AND xact = NEW.xact;
    RETURN NULL;
END $$;
