-- Tamper evidence: every entry's hash = SHA-256(previous hash ‖ canonical bytes of the
-- entry and its postings), chained per cooperative in commit order. The chain head is the
-- link with the highest chain_seq (32 zero bytes before the first). Appending serializes
-- per cooperative on a transaction-scoped advisory lock, never on a global lock.
-- `coopledger verify` recomputes the chain from the rows as they are now; removing the
-- newest links (with their hashes) is caught against a head recorded earlier
-- (`verify --head`), which every statement prints.

CREATE TABLE entry_hashes (
    coop_id   text NOT NULL,
    entry_id  bigint NOT NULL,
    chain_seq bigint NOT NULL,
    hash      bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (coop_id, entry_id),
    CONSTRAINT entry_hashes_seq_unique UNIQUE (coop_id, chain_seq)
);

CREATE TRIGGER entry_hashes_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON entry_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- A link is written only for an entry of the same transaction, so no client can pre-empt
-- (or jam) the chaining of another's entries. Whether the hash is right is verify's job.
CREATE FUNCTION check_new_links() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT l.entry_id INTO bad FROM new_links l
    LEFT JOIN journal_entries e ON e.coop_id = l.coop_id AND e.entry_id = l.entry_id
    WHERE e.entry_id IS NULL OR e.xmin <> pg_current_xact_id()::xid
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'a hash link for entry % must be written in the transaction that creates the entry', bad.entry_id
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER entry_hashes_check_new AFTER INSERT ON entry_hashes
    REFERENCING NEW TABLE AS new_links
    FOR EACH STATEMENT EXECUTE FUNCTION check_new_links();

-- An entry whose commit checks have run (they chain it last) takes no more lines: this
-- closes `SET CONSTRAINTS ALL IMMEDIATE` followed by more postings, and any entry from an
-- earlier transaction whose xmin a wrapped-around transaction id might match.
CREATE FUNCTION refuse_lines_for_checked_entries() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id INTO bad FROM new_postings p
    WHERE EXISTS (SELECT 1 FROM entry_hashes h WHERE h.coop_id = p.coop_id AND h.entry_id = p.entry_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % has been checked and chained; it takes no more lines', bad.entry_id
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER postings_refuse_checked_entries AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_lines_for_checked_entries();

-- The canonical bytes: a JSON array of the entry's fields and its lines in order. JSON
-- quoting makes it unambiguous whatever a memo holds.
CREATE FUNCTION entry_canonical(e journal_entries, lines json) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(json_build_array(e.coop_id, e.entry_id, e.entry_date, e.kind, e.idempotency_key,
                                       e.reverses_entry_id, e.memo, lines)::text, 'UTF8')
$$;

-- One line's canonical form; an entry's lines are json_agg(canonical_line(p) ORDER BY
-- p.line_no). Every path that hashes or verifies uses this one definition.
CREATE FUNCTION canonical_line(p postings) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
    SELECT json_build_array(p.line_no, p.account_code, p.member_no, p.amount)
$$;

-- The lines as entry_canonical takes them.
CREATE FUNCTION entry_lines(p_coop text, p_entry bigint) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_agg(canonical_line(p) ORDER BY p.line_no)
    FROM postings p WHERE p.coop_id = p_coop AND p.entry_id = p_entry
$$;

-- One link of the chain: the running state starts at the seed (the previous head).
CREATE FUNCTION chain_step(state bytea, seed bytea, canonical bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(coalesce(state, seed) || coalesce(canonical, ''::bytea))
$$;

-- chain_hash(seed, canonical) OVER (ORDER BY …): each row's hash, chained from seed.
CREATE AGGREGATE chain_hash(bytea, bytea) (sfunc = chain_step, stype = bytea);

-- Takes the cooperative's chain lock until commit: appenders queue here, per cooperative.
CREATE FUNCTION lock_chain(p_coop text) RETURNS void LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtextextended('coopledger.chain.' || p_coop, 0))
$$;

-- The newest link: (chain_seq, hash), or (0, 32 zero bytes) before the first.
CREATE FUNCTION chain_head(p_coop text, OUT chain_seq bigint, OUT hash bytea) LANGUAGE sql STABLE AS $$
    SELECT coalesce(max(h.chain_seq), 0),
           coalesce((SELECT x.hash FROM entry_hashes x WHERE x.coop_id = p_coop ORDER BY x.chain_seq DESC LIMIT 1),
                    '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
    FROM entry_hashes h WHERE h.coop_id = p_coop
$$;

-- Chains an entry at commit, unless its transaction chained it already (bulk import).
CREATE FUNCTION chain_new_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head record;
BEGIN
    IF EXISTS (SELECT 1 FROM entry_hashes WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id) THEN
        RETURN NULL;
    END IF;
    PERFORM lock_chain(NEW.coop_id);
    SELECT * INTO head FROM chain_head(NEW.coop_id);
    INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash)
    VALUES (NEW.coop_id, NEW.entry_id, head.chain_seq + 1,
            sha256(head.hash || entry_canonical(NEW, entry_lines(NEW.coop_id, NEW.entry_id))));
    RETURN NULL;
END $$;

-- Named to fire after journal_entries_balanced (deferred triggers on one row fire by name).
CREATE CONSTRAINT TRIGGER journal_entries_chained AFTER INSERT ON journal_entries
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION chain_new_entry();
