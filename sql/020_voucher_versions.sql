-- An approval names what the approver saw (issue 28). Every change to a draft's content (its
-- date, memo, attachments or lines) moves its version; approving names the version the
-- approver was shown and is refused when the draft has moved on since, so an approval can
-- never land on content its approver did not see. An approved draft is not deleted (send it
-- back first), as it is not edited (012).

ALTER TABLE vouchers
    ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    ADD COLUMN approved_version integer;
ALTER TABLE vouchers ADD CONSTRAINT vouchers_approval_names_version
    CHECK ((approved_by IS NULL) = (approved_version IS NULL)) NOT VALID;

CREATE FUNCTION version_voucher() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.approved_by IS NOT NULL THEN
            RAISE EXCEPTION 'voucher draft % is approved, by %; send it back before deleting it', OLD.voucher_id, OLD.approved_by
                USING ERRCODE = 'CL011';
        END IF;
        RETURN OLD;
    END IF;
    IF (NEW.entry_date, NEW.memo, NEW.attachments) IS DISTINCT FROM (OLD.entry_date, OLD.memo, OLD.attachments) THEN
        NEW.version := OLD.version + 1;
    ELSIF NEW.version IS DISTINCT FROM OLD.version AND pg_trigger_depth() < 2 THEN
        -- Only the lines' trigger below moves the version without the row's content.
        RAISE EXCEPTION 'voucher draft %: its version moves only with its content', OLD.voucher_id USING ERRCODE = 'CL011';
    END IF;
    IF NEW.approved_by IS NOT NULL AND OLD.approved_by IS NULL THEN
        IF NEW.approved_version IS DISTINCT FROM OLD.version THEN
            RAISE EXCEPTION 'voucher draft % changed after it was opened: it is at version %, the approval names version %; open it again',
                OLD.voucher_id, OLD.version, coalesce(NEW.approved_version::text, 'none')
                USING ERRCODE = 'CL014';
        END IF;
    ELSIF NEW.approved_by IS NULL THEN
        NEW.approved_version := NULL;
    ELSIF NEW.approved_version IS DISTINCT FROM OLD.approved_version THEN
        RAISE EXCEPTION 'voucher draft %: the version an approval names never changes', OLD.voucher_id USING ERRCODE = 'CL011';
    END IF;
    RETURN NEW;
END $$;

-- Fires after vouchers_guarded (triggers of one event fire in name order).
CREATE TRIGGER vouchers_versioned BEFORE UPDATE OR DELETE ON vouchers
    FOR EACH ROW EXECUTE FUNCTION version_voucher();

-- A line added, changed or removed moves its draft's version (guard_voucher_lines has
-- already refused it on an approved draft). When the draft itself is being deleted the
-- update finds no row.
CREATE FUNCTION version_voucher_with_lines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    line voucher_lines := CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    UPDATE vouchers SET version = version + 1 WHERE coop_id = line.coop_id AND voucher_id = line.voucher_id;
    RETURN NULL;
END $$;

CREATE TRIGGER voucher_lines_move_version AFTER INSERT OR UPDATE OR DELETE ON voucher_lines
    FOR EACH ROW EXECUTE FUNCTION version_voucher_with_lines();
