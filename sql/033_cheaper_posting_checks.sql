-- 033: four checks every posting pays for, made cheaper without changing what they check
-- (issue 27: `BENCH_PROFILE=1 bench/http.sh` showed where PostgreSQL's time went). Each
-- statement-level check reads a transition table the planner knows nothing about; where
-- it joined that table to a whole table, it now looks each row up by its key.
--
-- * The check that no entry reverses a kind that is never reversed read the journal rather
--   than looking each reversed entry up (1.5 ms an insert, a sixth of PostgreSQL's time
--   posting over 50 cooperatives); it now looks up only the entries reversed.
-- * The person of a live token, asked on every request and by bind_actor in every write, was
--   a SQL function that is planned again at each call; in PL/pgSQL its plan is kept for the
--   connection. Same query, same answer.

CREATE OR REPLACE FUNCTION check_opening_entries() RETURNS trigger
LANGUAGE plpgsql SET search_path TO 'public', 'pg_temp' AS $$
DECLARE
    bad record;
BEGIN
    SELECT n.entry_id, n.entry_date INTO bad FROM new_entries n
    WHERE n.kind = 'opening' AND n.entry_date <> (date_trunc('month', n.entry_date) + interval '1 month - 1 day')::date
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'opening entry % is dated %; opening balances are as of the last day of a month', bad.entry_id, bad.entry_date
            USING ERRCODE = 'CL004';
    END IF;
    SELECT n.entry_id, n.coop_id INTO bad FROM new_entries n
    WHERE n.kind IN ('opening', 'opening_year_to_date')
      AND EXISTS (SELECT 1 FROM journal_entries e WHERE e.coop_id = n.coop_id AND e.entry_id <> n.entry_id
                  AND (e.kind = n.kind OR e.entry_date > n.entry_date))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'opening entry %: % has an opening already, or entries after its date; opening balances come first',
            bad.entry_id, bad.coop_id USING ERRCODE = 'CL004';
    END IF;
    SELECT n.entry_id, n.coop_id INTO bad
    FROM (SELECT o.coop_id, o.entry_id, o.entry_date FROM journal_entries o
          WHERE o.kind = 'opening' AND o.coop_id IN (SELECT DISTINCT coop_id FROM new_entries)) AS o
    JOIN new_entries n ON n.coop_id = o.coop_id AND n.entry_id <> o.entry_id
    WHERE n.entry_date < o.entry_date OR n.reverses_entry_id = o.entry_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % of % is dated before its opening balances, or reverses them; the books begin with the opening',
            bad.entry_id, bad.coop_id USING ERRCODE = 'CL004';
    END IF;
    -- OFFSET 0 keeps the lookup a lookup: the planner may not turn it back into a join.
    SELECT n.entry_id, original.kind INTO bad FROM new_entries n
    CROSS JOIN LATERAL (SELECT o.kind FROM journal_entries o
                        WHERE o.coop_id = n.coop_id AND o.entry_id = n.reverses_entry_id OFFSET 0) AS original
    WHERE n.reverses_entry_id IS NOT NULL AND kind_is_never_reversed(original.kind)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % reverses an entry of kind %, which is never reversed; correct a figure with a general entry',
            bad.entry_id, bad.kind USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION live_token_login(p_coop text, p_token_hash bytea) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path TO 'public', 'pg_temp' AS $$
BEGIN
    RETURN (SELECT t.login FROM api_tokens t JOIN people p ON p.login = t.login
            WHERE t.coop_id = p_coop AND t.token_hash = p_token_hash AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now()) AND t.created_at >= p.credentials_changed_at);
END $$;

-- * A new entry's year gets its period row if it has none: the rows were offered to the
--   insert every time and dropped as conflicts, after the periods' row triggers had run for
--   them; now only a year not there yet is offered.
CREATE OR REPLACE FUNCTION check_new_entries() RETURNS trigger
LANGUAGE plpgsql SET search_path TO 'public', 'pg_temp' AS $$
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
    -- Only the years not there yet are offered: an offered row fires the periods' row
    -- triggers even when it then conflicts, and nearly every entry falls in a year that is.
    INSERT INTO periods (coop_id, year)
    SELECT DISTINCT n.coop_id, extract(year FROM n.entry_date)::integer FROM new_entries n
    WHERE NOT EXISTS (SELECT 1 FROM periods p WHERE p.coop_id = n.coop_id AND p.year = extract(year FROM n.entry_date)::integer)
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

-- * A posting to a deactivated account: each line's account looked up by its key, where the
--   lines were joined to every cooperative's chart.
CREATE OR REPLACE FUNCTION refuse_postings_to_inactive_accounts() RETURNS trigger
LANGUAGE plpgsql SET search_path TO 'public', 'pg_temp' AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id, p.line_no, p.account_code INTO bad
    FROM new_postings p
    CROSS JOIN LATERAL (SELECT a.is_active FROM accounts a WHERE a.coop_id = p.coop_id AND a.code = p.account_code OFFSET 0) AS a
    WHERE NOT a.is_active
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: account % is deactivated', bad.entry_id, bad.line_no, bad.account_code
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;
