-- Entries are dated from 1949-10-01 through the end of next year (issue 24), as LedgerCore's
-- EntryDates says: an entry dated year 1 blocked closing every later year, one dated 9999
-- sat outside every report. The lower bound is a constraint; the upper one moves with the
-- calendar, so a statement trigger checks it (once per statement, over the new entries).

ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_dated_since_1949
    CHECK (entry_date >= DATE '1949-10-01') NOT VALID;

CREATE FUNCTION check_entries_dated_in_range() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    latest constant date := make_date(extract(year FROM current_date)::integer + 1, 12, 31);
    bad record;
BEGIN
    SELECT entry_id, entry_date INTO bad FROM new_entries WHERE entry_date > latest ORDER BY entry_date DESC LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % is dated %; entries are dated through % (the end of next year)', bad.entry_id, bad.entry_date, latest
            USING ERRCODE = 'CL015';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_dated_in_range AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION check_entries_dated_in_range();
