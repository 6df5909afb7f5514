-- 032: the person acting is proven to the database, not named to it (issue 28).
--
-- Until now every client named its person with set_config('coopledger.actor', …) and the
-- database believed it, so raw SQL on the service's own connection could approve as anyone.
-- From here:
--  * The role that owns the books (the operator: migrations, the command line on the
--    database) still names its person: it can change anything anyway, triggers included.
--  * Every other role proves its person, one transaction at a time, with
--    bind_actor(cooperative, hash of a live token); a named actor is ignored, and nothing is
--    written to a cooperative's records without a person proven for it. `serve` connects
--    as a member of coopledger_service (deploy/README.md).
--  * A sign-in's token is made by sign_in(), which checks the password itself (bcrypt, by
--    pgcrypto), so the service cannot mint one for a person whose password it was not given.
--  * The service role owns nothing, so it cannot disable a trigger; it may not write
--    people, roles, tokens, districts, the record chain or the proofs, nor read a token's hash.
--  * Every rule (trigger function) and every function run as its owner looks names up in
--    public before pg_temp, so a temporary table of the same name cannot stand in for a
--    table a rule reads.

-- pgcrypto in a schema of its own: bcrypt for sign_in, and nothing else of it in public.
CREATE SCHEMA IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA pgcrypto;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coopledger_service') THEN
        CREATE ROLE coopledger_service NOLOGIN;
    END IF;
END $$;

-- The person proven on a connection, for its current transaction only. Connection state,
-- not books: unlogged, keyed by the backend.
CREATE UNLOGGED TABLE actor_bindings (
    backend_pid    integer PRIMARY KEY,
    transaction_id xid8 NOT NULL,
    login          text NOT NULL,
    -- The token's cooperative; '*' for a workbench sign-in, which covers every cooperative
    -- the person works in (their roles there still decide).
    coop_id        text NOT NULL
);

-- Whether this connection's role owns the books (or is a superuser): it names its person.
-- These three are read for every row written (column defaults), so they stay plain SQL the
-- planner inlines, every name in them qualified (no temporary table can stand in).
CREATE FUNCTION names_its_actor() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_catalog.pg_has_role(session_user,
        (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = 'public.journal_entries'::pg_catalog.regclass), 'USAGE')
$$;

-- The proof made in this transaction on this connection, if any.
CREATE FUNCTION current_binding() RETURNS public.actor_bindings LANGUAGE sql STABLE AS $$
    SELECT b FROM public.actor_bindings b
    WHERE b.backend_pid = pg_catalog.pg_backend_pid() AND b.transaction_id = pg_catalog.pg_current_xact_id_if_assigned()
$$;

-- The person acting: the one named, if the connection owns the books and names one (a proof
-- clears the name, sql below); else the one proven in this transaction.
CREATE OR REPLACE FUNCTION acting_person() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN pg_catalog.current_setting('coopledger.actor', true) <> '' AND public.names_its_actor()
                THEN pg_catalog.current_setting('coopledger.actor', true)
                ELSE (public.current_binding()).login END
$$;

-- Refuses a write to `coop`'s records unless a person is proven for it on this connection
-- (the owner of the books names its person instead).
CREATE FUNCTION require_proven_in(coop text) RETURNS void LANGUAGE plpgsql STABLE AS $$
DECLARE
    bound public.actor_bindings := public.current_binding();
BEGIN
    IF bound.login IS NULL AND public.names_its_actor() THEN
        RETURN;
    ELSIF bound.login IS NULL THEN
        RAISE EXCEPTION 'nobody is proven on this connection: % writes only as a person proven with bind_actor (a live token''s hash)', session_user
            USING ERRCODE = 'CL010';
    ELSIF bound.coop_id <> '*' AND bound.coop_id IS DISTINCT FROM coop THEN
        RAISE EXCEPTION '%''s proof is for %, not %', bound.login, bound.coop_id, coop USING ERRCODE = 'CL010';
    END IF;
END $$;

-- The person of a live token (not revoked, not expired, made since their last password
-- reset or role change), or null.
CREATE FUNCTION live_token_login(p_coop text, p_token_hash bytea) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT t.login FROM api_tokens t JOIN people p ON p.login = t.login
    WHERE t.coop_id = p_coop AND t.token_hash = p_token_hash AND t.revoked_at IS NULL
      AND (t.expires_at IS NULL OR t.expires_at > now()) AND t.created_at >= p.credentials_changed_at
$$;

-- Proves the person of a live token for the rest of this transaction (a later call in the
-- same transaction replaces it: a group commit writes each entry as its own person).
CREATE FUNCTION bind_actor(p_coop text, p_token_hash bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    who text := live_token_login(p_coop, p_token_hash);
BEGIN
    IF who IS NULL THEN
        RAISE EXCEPTION 'no live token of that hash in %: the acting person is not proven (sign in again)', p_coop USING ERRCODE = 'CL010';
    END IF;
    IF NOT EXISTS (SELECT FROM actor_bindings WHERE backend_pid = pg_backend_pid()) THEN
        -- A new connection: forget those of connections that have ended.
        DELETE FROM actor_bindings WHERE backend_pid NOT IN (SELECT pid FROM pg_stat_activity WHERE pid IS NOT NULL);
    END IF;
    INSERT INTO actor_bindings (backend_pid, transaction_id, login, coop_id)
    VALUES (pg_backend_pid(), pg_current_xact_id(), who, p_coop)
    ON CONFLICT (backend_pid) DO UPDATE
        SET transaction_id = EXCLUDED.transaction_id, login = EXCLUDED.login, coop_id = EXCLUDED.coop_id;
    -- The proven person, not a name set before, is who acts from here.
    PERFORM set_config('coopledger.actor', '', true);
    RETURN who;
END $$;

-- A workbench sign-in is a token of every cooperative the person works in: no role of its
-- own (their roles decide), and it ends by itself.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_all_coops_are_admin;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_all_coops_are_admin_or_a_sign_in
    CHECK (coop_id <> '*' OR role = 'admin' OR (role IS NULL AND expires_at IS NOT NULL));

-- Makes a sign-in's token (its hash given, the token itself never sent) once the password
-- is `p_login`'s: the database checks it again, so no client makes a token for a person
-- whose password it does not have. Returns the token's id.
CREATE FUNCTION sign_in(p_coop text, p_login text, p_password text, p_token_hash bytea, p_seconds integer) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    stored text;
    made bigint;
BEGIN
    SELECT p.password_hash INTO stored FROM people p WHERE p.login = p_login;
    -- bcrypt's $2b$ computes as $2a$ for passwords under 256 bytes (ours stop at 72), and
    -- pgcrypto reads $2a$.
    IF stored IS NULL OR pgcrypto.crypt(p_password, '$2a$' || substr(stored, 5)) <> '$2a$' || substr(stored, 5) THEN
        RAISE EXCEPTION 'the password is not %''s (or they have none)', p_login USING ERRCODE = 'CL010';
    END IF;
    IF p_coop <> '*' AND cardinality(roles_held(p_login, p_coop)) = 0 THEN
        RAISE EXCEPTION '% holds no role in %, so a token would open nothing', p_login, p_coop USING ERRCODE = 'CL010';
    END IF;
    IF p_seconds IS NULL OR p_seconds NOT BETWEEN 1 AND 86400 THEN
        RAISE EXCEPTION 'a sign-in lasts 1 second to a day, not % seconds', p_seconds USING ERRCODE = 'CL010';
    END IF;
    INSERT INTO api_tokens (coop_id, token_hash, login, expires_at)
    VALUES (p_coop, p_token_hash, p_login, now() + make_interval(secs => p_seconds))
    RETURNING token_id INTO made;
    RETURN made;
END $$;

-- Signing out: revokes the token of that hash; false if it was not live.
CREATE FUNCTION revoke_token(p_coop text, p_token_hash bytea) RETURNS boolean
LANGUAGE sql SECURITY DEFINER AS $$
    WITH revoked AS (
        UPDATE api_tokens SET revoked_at = now()
        WHERE coop_id = p_coop AND token_hash = p_token_hash AND revoked_at IS NULL RETURNING 1
    )
    SELECT EXISTS (SELECT FROM revoked)
$$;

-- The floor under every door: a reader writes nothing, and a connection that must prove its
-- person writes nothing unproven or outside the cooperative its proof is for.
CREATE OR REPLACE FUNCTION readers_write_nothing() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    actor text := acting_person();
    coop text;
BEGIN
    IF TG_OP = 'DELETE' THEN coop := OLD.coop_id; ELSE coop := NEW.coop_id; END IF;
    PERFORM require_proven_in(coop);
    IF actor IS NOT NULL AND actor <> 'system' AND NOT person_holds(coop, actor, ARRAY['preparer', 'approver', 'admin']) THEN
        RAISE EXCEPTION '% only reads the books of %: no % of %', actor, coop, lower(TG_OP), TG_TABLE_NAME USING ERRCODE = 'CL010';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$;

-- The journal's floor: each cooperative an entry is posted to is one its poster is proven for.
CREATE FUNCTION entries_are_proven() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    coop text;
BEGIN
    FOR coop IN SELECT DISTINCT coop_id FROM new_entries LOOP
        PERFORM require_proven_in(coop);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER journal_entries_are_proven AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION entries_are_proven();

-- Who made a row: the acting person, as elsewhere.
ALTER TABLE assets ALTER COLUMN created_by SET DEFAULT coalesce(acting_person(), 'system');
ALTER TABLE asset_disposals ALTER COLUMN created_by SET DEFAULT coalesce(acting_person(), 'system');
ALTER TABLE households ALTER COLUMN created_by SET DEFAULT coalesce(acting_person(), 'system');

-- The record chain grows only by its triggers, which name the acting person.
ALTER FUNCTION append_record_change(text, jsonb, jsonb, jsonb) SECURITY DEFINER;

-- What the service may do: read and write the books, through their rules.
GRANT USAGE ON SCHEMA public TO coopledger_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO coopledger_service;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO coopledger_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO coopledger_service;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO coopledger_service;
-- What it may not: who may act, and the evidence of who did.
REVOKE INSERT, UPDATE, DELETE ON people, person_roles, api_tokens, districts, district_supervisors, cooperative_districts,
    record_changes, record_chain_heads, actor_bindings, schema_migrations FROM coopledger_service;
REVOKE SELECT ON api_tokens FROM coopledger_service;
GRANT SELECT (coop_id, token_id, role, created_at, revoked_at, login, expires_at) ON api_tokens TO coopledger_service;

-- Every trigger function and every function that runs as its owner looks names up in public
-- first and in pg_temp last; the helpers they call run under that setting.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
               AND (p.prorettype = 'trigger'::regtype OR p.prosecdef)
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = public, pg_temp', f);
    END LOOP;
END $$;
