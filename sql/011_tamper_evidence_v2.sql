-- Tamper evidence over every stored fact (docs/hash-chain.md is the byte format).
--
-- Format 2 of an entry's canonical bytes covers every column of the entry and of its
-- postings: format 1 left out the postings' date and kind (which feed a year's figures and
-- the members' patronage) and the entry's creation time. Each link records the format it
-- was made with; the chain continues, and links written before this migration stay format 1
-- and are verified as such.
--
-- Closing and reopening a year are chained events of their own (period_events), so a period
-- row edited by hand no longer matches the events that should have produced it.

ALTER TABLE entry_hashes ADD COLUMN format smallint NOT NULL DEFAULT 1 CHECK (format IN (1, 2));
ALTER TABLE entry_hashes ALTER COLUMN format SET DEFAULT 2;

-- One line in format 2: every column of the posting but its cooperative and entry (which
-- the entry's own part of the array carries).
CREATE FUNCTION canonical_line_v2(p postings) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
    SELECT json_build_array(p.line_no, p.account_code, p.member_no, p.amount, p.entry_date, p.kind)
$$;

-- An entry in format 2: the format number, every column of the entry (its creation time as
-- microseconds since 1970, so no time zone setting changes the bytes), and its lines.
CREATE FUNCTION entry_canonical_v2(e journal_entries, lines json) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(json_build_array(2, e.coop_id, e.entry_id, e.entry_date, e.kind, e.idempotency_key,
                                       e.reverses_entry_id, e.memo, (extract(epoch FROM e.created_at) * 1000000)::bigint,
                                       lines)::text, 'UTF8')
$$;

CREATE FUNCTION entry_lines_v2(p_coop text, p_entry bigint) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_agg(canonical_line_v2(p) ORDER BY p.line_no)
    FROM postings p WHERE p.coop_id = p_coop AND p.entry_id = p_entry
$$;

-- Chains an entry at commit in format 2, unless its transaction chained it already (import).
CREATE OR REPLACE FUNCTION chain_new_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head record;
BEGIN
    IF EXISTS (SELECT 1 FROM entry_hashes WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id) THEN
        RETURN NULL;
    END IF;
    PERFORM lock_chain(NEW.coop_id);
    SELECT * INTO head FROM chain_head(NEW.coop_id);
    INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
    VALUES (NEW.coop_id, NEW.entry_id, head.chain_seq + 1,
            sha256(head.hash || entry_canonical_v2(NEW, entry_lines_v2(NEW.coop_id, NEW.entry_id))), 2);
    RETURN NULL;
END $$;

-- Closing and reopening years, chained per cooperative: hash = SHA-256(previous event's
-- hash ‖ canonical bytes of the event), 32 zero bytes before the first.
CREATE TABLE period_events (
    coop_id   text NOT NULL,
    event_seq bigint NOT NULL CHECK (event_seq >= 1),
    year      integer NOT NULL,
    is_closed boolean NOT NULL,
    at        timestamptz NOT NULL,
    hash      bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (coop_id, event_seq)
);

CREATE TRIGGER period_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON period_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

CREATE FUNCTION period_event_canonical(p_coop text, p_seq bigint, p_year integer, p_closed boolean, p_at timestamptz) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(json_build_array(p_coop, p_seq, p_year, p_closed, (extract(epoch FROM p_at) * 1000000)::bigint)::text, 'UTF8')
$$;

CREATE FUNCTION append_period_event(p_coop text, p_year integer, p_closed boolean, p_at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    previous record;
BEGIN
    PERFORM lock_chain(p_coop);
    SELECT coalesce(max(event_seq), 0) AS seq,
           coalesce((SELECT hash FROM period_events WHERE coop_id = p_coop ORDER BY event_seq DESC LIMIT 1),
                    '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS hash
    INTO previous FROM period_events WHERE coop_id = p_coop;
    INSERT INTO period_events (coop_id, event_seq, year, is_closed, at, hash)
    VALUES (p_coop, previous.seq + 1, p_year, p_closed, p_at,
            sha256(previous.hash || period_event_canonical(p_coop, previous.seq + 1, p_year, p_closed, p_at)));
END $$;

CREATE FUNCTION record_period_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_OP = 'INSERT' AND NEW.closed_at IS NOT NULL)
       OR (TG_OP = 'UPDATE' AND (NEW.closed_at IS NULL) <> (OLD.closed_at IS NULL)) THEN
        PERFORM append_period_event(NEW.coop_id, NEW.year, NEW.closed_at IS NOT NULL, now());
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER periods_chained AFTER INSERT OR UPDATE ON periods
    FOR EACH ROW EXECUTE FUNCTION record_period_event();

-- Years closed before this migration: one closing event each, in year order.
DO $$
DECLARE
    closed record;
BEGIN
    FOR closed IN SELECT coop_id, year, closed_at FROM periods WHERE closed_at IS NOT NULL ORDER BY coop_id, year LOOP
        PERFORM append_period_event(closed.coop_id, closed.year, true, closed.closed_at);
    END LOOP;
END $$;
