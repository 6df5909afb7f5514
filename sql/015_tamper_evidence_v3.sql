-- Tamper evidence over the bookkeeper's month: format 3 of an entry's canonical bytes adds its
-- voucher number and its people (who prepared, approved and posted it, from which voucher
-- draft, with how many receipts), so an approval rewritten behind the triggers, or a number
-- moved to another entry, no longer matches. Links keep the format they were made with.

ALTER TABLE entry_hashes DROP CONSTRAINT entry_hashes_format_check;
ALTER TABLE entry_hashes ADD CONSTRAINT entry_hashes_format_check CHECK (format IN (1, 2, 3));
ALTER TABLE entry_hashes ALTER COLUMN format SET DEFAULT 3;

-- An entry in format 3: format 2's fields, then its voucher (month and number) and people,
-- then its lines (written as in format 2).
CREATE FUNCTION entry_canonical_v3(e journal_entries, voucher_month date, voucher_number integer, lines json) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(json_build_array(3, e.coop_id, e.entry_id, e.entry_date, e.kind, e.idempotency_key,
                                       e.reverses_entry_id, e.memo, (extract(epoch FROM e.created_at) * 1000000)::bigint,
                                       voucher_month, voucher_number, e.prepared_by, e.approved_by, e.posted_by,
                                       e.voucher_id, e.attachments, lines)::text, 'UTF8')
$$;

-- At commit: an entry without a voucher number takes the next of its month (imports number
-- theirs set-based beforehand), then it is chained in format 3, unless its transaction
-- chained it already (import). One deferred trigger for both, under the one chain lock.

CREATE OR REPLACE FUNCTION chain_new_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head record;
    voucher record;
BEGIN
    SELECT month, number INTO voucher FROM voucher_numbers WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id;
    IF NOT FOUND THEN
        PERFORM lock_chain(NEW.coop_id);
        voucher.month := date_trunc('month', NEW.entry_date)::date;
        INSERT INTO voucher_counters AS c (coop_id, month, last_number) VALUES (NEW.coop_id, voucher.month, 1)
        ON CONFLICT (coop_id, month) DO UPDATE SET last_number = c.last_number + 1
        RETURNING last_number INTO voucher.number;
        INSERT INTO voucher_numbers (coop_id, month, number, entry_id) VALUES (NEW.coop_id, voucher.month, voucher.number, NEW.entry_id);
    ELSIF EXISTS (SELECT 1 FROM entry_hashes WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id) THEN
        RETURN NULL;
    END IF;
    PERFORM lock_chain(NEW.coop_id);
    SELECT * INTO head FROM chain_head(NEW.coop_id);
    INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
    VALUES (NEW.coop_id, NEW.entry_id, head.chain_seq + 1,
            sha256(head.hash || entry_canonical_v3(NEW, voucher.month, voucher.number, entry_lines_v2(NEW.coop_id, NEW.entry_id))), 3);
    RETURN NULL;
END $$;
