-- 033: two checks every posting pays for, made cheaper without changing what they check
-- (issue 27: `bench/http.sh` with BENCH_PROFILE=1 showed where PostgreSQL's time went).
--
-- * The check that no entry reverses a kind that is never reversed joined the statement's
--   new entries to the journal; planned for a transition table of unknown size, it read the
--   journal rather than looking each reversed entry up by its key (1.5 ms an insert, a sixth
--   of PostgreSQL's time posting over 50 cooperatives). Each reversed entry is now looked up
--   by its key, and only for entries that reverse one.
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
