-- Where a cooperative requires approval, nothing moves money on one person's word (issue 28).
-- General entries already come only from approved vouchers (012). Every other entry posted
-- without a voucher (a purchase paid out of the bank, a sale, a cost transfer, a reversal,
-- and the admin's contracts, capital and runs) is posted by a person holding the approver or
-- admin role there: a preparer alone posts none of them.

CREATE FUNCTION check_operations_approved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    -- Once per cooperative, poster and kind (an import has one of each).
    SELECT d.coop_id, d.posted_by, d.kind INTO bad
    FROM (SELECT DISTINCT coop_id, posted_by, kind FROM new_entries WHERE voucher_id IS NULL AND kind <> 'general' OFFSET 0) AS d
    WHERE d.coop_id IN (SELECT c.coop_id FROM cooperatives c WHERE c.requires_approval)
      AND NOT person_holds(d.coop_id, d.posted_by, ARRAY['approver', 'admin'])
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% requires approval: a % entry is posted by an approver or admin there, not by % alone',
            bad.coop_id, bad.kind, coalesce(bad.posted_by, 'nobody') USING ERRCODE = 'CL011';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_operations_approved AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION check_operations_approved();
