-- What an auditor relies on beyond the journal, under a chain of its own (issue 28, case 5).
-- Every change to a cooperative's records (its settings, members, households, contracts,
-- the evidence behind its entries, its chart, its vouchers, its runs, its people and roles)
-- is a link: the row as it became, who changed it and when, hashed onto the link before.
-- `verify` recomputes the links and compares every row with the last image its chain holds,
-- so an edit made with the triggers disabled (session_replication_role = replica) shows as
-- a row that differs from its chain; a rewritten chain shows as a broken link or a head that
-- differs from one recorded earlier. People belong to no one cooperative: their chain is '*'.
--
-- The evidence of posted entries (purchases, sales, contributions, opening capital sources)
-- is append-only besides: corrected by reversing the entry, never edited.
--
-- A later migration that adds or changes a column of these tables changes every row's image:
-- it must append a link for each row it changes (append_record_change), as the backfill here does.

CREATE TABLE record_changes (
    coop_id    text NOT NULL,
    seq        bigint NOT NULL CHECK (seq >= 1),
    table_name text NOT NULL,
    row_key    jsonb NOT NULL,
    -- The row after the change; NULL when it was deleted.
    image      jsonb,
    changed_by text,
    changed_at timestamptz NOT NULL,
    hash       bytea NOT NULL,
    PRIMARY KEY (coop_id, seq)
);
CREATE INDEX record_changes_by_row ON record_changes (coop_id, table_name, row_key, seq);
CREATE TRIGGER record_changes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON record_changes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- Each chain's last link, so a change appends in order (its row is locked while it does).
CREATE TABLE record_chain_heads (
    coop_id text PRIMARY KEY,
    seq     bigint NOT NULL,
    hash    bytea NOT NULL
);

-- One link: sha256(previous hash ‖ table|key|image|who|when in microseconds since 1970).
-- jsonb's text is canonical (keys sorted, spacing fixed), so the bytes are the same wherever
-- they are recomputed.
CREATE FUNCTION record_link(previous bytea, table_name text, row_key jsonb, image jsonb, changed_by text, changed_at timestamptz)
RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(previous || convert_to(concat_ws('|', table_name, row_key::text, coalesce(image::text, '-'), coalesce(changed_by, '-'),
                                                   (extract(epoch FROM changed_at) * 1000000)::bigint::text), 'UTF8'))
$$;

-- A table's primary-key columns, in their order: read once for each use below.
CREATE FUNCTION primary_key_columns(p_table regclass) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(a.attname::text ORDER BY a.attnum)
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = p_table AND i.indisprimary
$$;

-- A row's primary key as jsonb, read from its image.
CREATE FUNCTION record_key(p_columns text[], p_image jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_object_agg(c, p_image -> c) FROM unnest(p_columns) AS c
$$;

CREATE FUNCTION append_record_change(p_name text, key jsonb, p_row jsonb, p_image jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    chain text := coalesce(p_row ->> 'coop_id', '*');
    at timestamptz := now();
    who text := acting_person();
    next_seq bigint;
    link bytea;
BEGIN
    -- One statement moves the head (and locks it), computing the link from the hash before.
    UPDATE record_chain_heads h SET seq = h.seq + 1, hash = record_link(h.hash, p_name, key, p_image, who, at)
    WHERE h.coop_id = chain RETURNING h.seq, h.hash INTO next_seq, link;
    IF NOT FOUND THEN
        link := record_link(''::bytea, p_name, key, p_image, who, at);
        next_seq := 1;
        INSERT INTO record_chain_heads (coop_id, seq, hash) VALUES (chain, next_seq, link);
    END IF;
    INSERT INTO record_changes (coop_id, seq, table_name, row_key, image, changed_by, changed_at, hash)
    VALUES (chain, next_seq, p_name, key, p_image, who, at, link);
END $$;

-- The trigger's arguments name the table's primary-key columns (read once, when it was made).
CREATE FUNCTION log_record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    image jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
BEGIN
    IF TG_OP = 'UPDATE' AND image = to_jsonb(OLD) THEN
        RETURN NULL;
    END IF;
    PERFORM append_record_change(TG_TABLE_NAME, record_key(TG_ARGV, image), image, CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE image END);
    RETURN NULL;
END $$;

-- The records under the chain, in the order the backfill links what is there today.
CREATE FUNCTION chained_record_tables() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['cooperatives', 'accounts', 'people', 'person_roles', 'members', 'households', 'leases', 'loan_equity_contracts',
                 'contributions', 'opening_capital_sources', 'purchases', 'sales', 'vouchers', 'voucher_lines',
                 'distribution_runs', 'distribution_run_members']
$$;

DO $$
DECLARE
    name text;
    row record;
    key_columns text[];
BEGIN
    FOREACH name IN ARRAY chained_record_tables() LOOP
        key_columns := primary_key_columns(name::regclass);
        -- What is there today: one link per row, in key order.
        FOR row IN EXECUTE format('SELECT to_jsonb(t) AS image FROM %I t ORDER BY 1', name) LOOP
            PERFORM append_record_change(name, record_key(key_columns, row.image), row.image, row.image);
        END LOOP;
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION log_record_change(%s)',
                       name || '_chained', name, (SELECT string_agg(quote_literal(c), ', ') FROM unnest(key_columns) AS c));
    END LOOP;
END $$;

-- The evidence behind posted entries never changes (reverse the entry instead); sales and
-- opening capital sources were append-only already.
CREATE TRIGGER purchases_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON purchases
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER contributions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON contributions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- What `verify` finds wrong in a chain ('*' for people): a link whose hash does not recompute,
-- a head that is not the last link, and rows that differ from the last image their chain
-- holds (changed, added or deleted outside it). At most `p_limit` findings, first ones first.
CREATE FUNCTION record_chain_problems(p_chain text, p_limit integer DEFAULT 5) RETURNS SETOF text LANGUAGE plpgsql STABLE AS $$
DECLARE
    link record;
    previous bytea := ''::bytea;
    expected_seq bigint := 1;
    found integer := 0;
    name text;
    key_expression text;
    in_chain text;
    problem text;
BEGIN
    FOR link IN SELECT * FROM record_changes WHERE coop_id = p_chain ORDER BY seq LOOP
        IF link.seq <> expected_seq THEN
            RETURN NEXT format('record link %s is missing (the next is %s)', expected_seq, link.seq);
            RETURN;
        END IF;
        IF link.hash <> record_link(previous, link.table_name, link.row_key, link.image, link.changed_by, link.changed_at) THEN
            RETURN NEXT format('record link %s (%s %s) does not recompute: the chain was rewritten', link.seq, link.table_name, link.row_key);
            RETURN;
        END IF;
        previous := link.hash;
        expected_seq := expected_seq + 1;
    END LOOP;
    IF EXISTS (SELECT 1 FROM record_chain_heads h WHERE h.coop_id = p_chain AND (h.seq <> expected_seq - 1 OR h.hash <> previous)) THEN
        RETURN NEXT format('the record chain''s head is not its last link (%s)', expected_seq - 1);
        RETURN;
    END IF;
    FOREACH name IN ARRAY chained_record_tables() LOOP
        SELECT 'jsonb_build_object(' || string_agg(format('%L, t.%I', c, c), ', ') || ')' INTO key_expression
        FROM unnest(primary_key_columns(name::regclass)) AS c;
        -- The chain's own rows: by coop_id where the table has it (people belong to '*').
        in_chain := CASE WHEN EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = name::regclass AND attname = 'coop_id' AND NOT attisdropped)
                         THEN 't.coop_id = $1' ELSE '$1 = ''*''' END;
        FOR problem IN EXECUTE format($q$
            WITH latest AS (
                SELECT DISTINCT ON (row_key) row_key, image FROM record_changes
                WHERE coop_id = $1 AND table_name = %1$L ORDER BY row_key, seq DESC
            ), rows AS (
                SELECT %2$s AS row_key, to_jsonb(t) AS image FROM %1$I t WHERE %3$s
            )
            SELECT format('%1$s %%s: %%s', coalesce(r.row_key, l.row_key),
                          CASE WHEN l.row_key IS NULL THEN 'written outside the record chain'
                               WHEN r.row_key IS NULL THEN 'deleted outside the record chain'
                               ELSE 'changed outside the record chain' END)
            FROM rows r FULL JOIN (SELECT * FROM latest WHERE image IS NOT NULL) l ON l.row_key = r.row_key
            WHERE r.image IS DISTINCT FROM l.image
            LIMIT $2
        $q$, name, key_expression, in_chain) USING p_chain, p_limit - found LOOP
            RETURN NEXT problem;
            found := found + 1;
            IF found >= p_limit THEN RETURN; END IF;
        END LOOP;
    END LOOP;
END $$;
