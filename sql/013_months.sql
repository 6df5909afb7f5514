-- Months close (结账) within a year, in order; nothing may be dated in or before a closed
-- month of its year. December closes with its year (the distribution run, or `period close
-- --year`), so the year-end entries dated 31 December always have an open month to go in.

CREATE TABLE closed_months (
    coop_id   text NOT NULL REFERENCES cooperatives,
    month     date NOT NULL CHECK (extract(day FROM month) = 1 AND extract(month FROM month) < 12),
    closed_at timestamptz NOT NULL DEFAULT now(),
    closed_by text NOT NULL DEFAULT acting_person() REFERENCES people,
    PRIMARY KEY (coop_id, month)
);

-- Closing month M needs every earlier month of its year that has entries closed, its year
-- open, and a person who may close (approver or admin). Reopening M needs no later month of
-- its year closed and the year open. A closed month's row never changes; it is deleted to
-- reopen. Closers lock the cooperative's row like year closers, so a close waits for the
-- entries in flight (which hold it FOR SHARE) and they, once it commits, see it.
CREATE FUNCTION keep_months_in_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    row_ closed_months := CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    year_ integer := extract(year FROM row_.month)::integer;
    other date;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'a closed month''s record never changes; reopen the month to change it' USING ERRCODE = 'CL008';
    END IF;
    PERFORM 1 FROM cooperatives WHERE coop_id = row_.coop_id FOR UPDATE;
    IF NOT person_holds(row_.coop_id, acting_person(), ARRAY['approver', 'admin']) THEN
        RAISE EXCEPTION '% may not close or reopen months in %: it needs the approver or admin role there',
            coalesce(acting_person(), 'nobody'), row_.coop_id USING ERRCODE = 'CL010';
    END IF;
    IF EXISTS (SELECT 1 FROM periods p WHERE p.coop_id = row_.coop_id AND p.year >= year_ AND p.closed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'the year % of % is closed (or a later one is); its months close and reopen with it', year_, row_.coop_id
            USING ERRCODE = 'CL007';
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT make_date(year_, m, 1) INTO other
        FROM generate_series(1, extract(month FROM row_.month)::integer - 1) m
        WHERE NOT EXISTS (SELECT 1 FROM closed_months c WHERE c.coop_id = row_.coop_id AND c.month = make_date(year_, m, 1))
          AND EXISTS (SELECT 1 FROM journal_entries e WHERE e.coop_id = row_.coop_id
                      AND e.entry_date >= make_date(year_, m, 1) AND e.entry_date < make_date(year_, m, 1) + interval '1 month')
        ORDER BY m LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'the month % of % cannot be closed while % (which has entries) is open; months close in order',
                to_char(row_.month, 'YYYY-MM'), row_.coop_id, to_char(other, 'YYYY-MM') USING ERRCODE = 'CL007';
        END IF;
        RETURN NEW;
    END IF;
    SELECT c.month INTO other FROM closed_months c
    WHERE c.coop_id = row_.coop_id AND c.month > row_.month AND extract(year FROM c.month)::integer = year_
    ORDER BY c.month LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the month % of % cannot be reopened while % is closed; reopen that month first',
            to_char(row_.month, 'YYYY-MM'), row_.coop_id, to_char(other, 'YYYY-MM') USING ERRCODE = 'CL007';
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER closed_months_in_order BEFORE INSERT OR UPDATE OR DELETE ON closed_months
    FOR EACH ROW EXECUTE FUNCTION keep_months_in_order();
CREATE TRIGGER closed_months_never_truncated BEFORE TRUNCATE ON closed_months
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- New entries: none dated in or before a closed month of its year. (Named to fire after
-- journal_entries_check_closed_through, which takes the cooperative's row FOR SHARE.)
CREATE FUNCTION refuse_entries_in_closed_months() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    -- Most cooperatives' months are open: say so with one look, not a join per entry.
    IF NOT EXISTS (SELECT 1 FROM closed_months m WHERE m.coop_id IN (SELECT DISTINCT coop_id FROM new_entries)) THEN
        RETURN NULL;
    END IF;
    SELECT n.entry_id, n.entry_date, n.coop_id, m.month INTO bad
    FROM new_entries n
    JOIN closed_months m ON m.coop_id = n.coop_id
                        AND m.month >= date_trunc('month', n.entry_date)::date
                        AND m.month < make_date(extract(year FROM n.entry_date)::integer + 1, 1, 1)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % is dated %, in or before %''s closed month %; date it after that month or reopen it',
            bad.entry_id, bad.entry_date, bad.coop_id, to_char(bad.month, 'YYYY-MM') USING ERRCODE = 'CL003';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_check_months AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_entries_in_closed_months();

-- Closing and reopening months are chained events beside the years' (period_events, 011):
-- a closed month deleted or added behind the triggers no longer matches the events that
-- should have produced it. A month's event carries its month; a year's stays as it was.
ALTER TABLE period_events ADD COLUMN month smallint CHECK (month BETWEEN 1 AND 11);

-- A month's event: [coop_id, event_seq, year, month, is_closed, at_us].
CREATE FUNCTION month_event_canonical(p_coop text, p_seq bigint, p_year integer, p_month smallint, p_closed boolean, p_at timestamptz) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT convert_to(json_build_array(p_coop, p_seq, p_year, p_month, p_closed, (extract(epoch FROM p_at) * 1000000)::bigint)::text, 'UTF8')
$$;

CREATE FUNCTION append_month_event(p_coop text, p_month date, p_closed boolean, p_at timestamptz) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    previous record;
    year_ integer := extract(year FROM p_month)::integer;
    month_ smallint := extract(month FROM p_month)::smallint;
BEGIN
    PERFORM lock_chain(p_coop);
    SELECT coalesce(max(event_seq), 0) AS seq,
           coalesce((SELECT hash FROM period_events WHERE coop_id = p_coop ORDER BY event_seq DESC LIMIT 1),
                    '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS hash
    INTO previous FROM period_events WHERE coop_id = p_coop;
    INSERT INTO period_events (coop_id, event_seq, year, month, is_closed, at, hash)
    VALUES (p_coop, previous.seq + 1, year_, month_, p_closed, p_at,
            sha256(previous.hash || month_event_canonical(p_coop, previous.seq + 1, year_, month_, p_closed, p_at)));
END $$;

CREATE FUNCTION record_month_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM append_month_event(NEW.coop_id, NEW.month, true, NEW.closed_at);
    ELSE
        PERFORM append_month_event(OLD.coop_id, OLD.month, false, now());
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER closed_months_chained AFTER INSERT OR DELETE ON closed_months
    FOR EACH ROW EXECUTE FUNCTION record_month_event();
