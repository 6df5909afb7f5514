-- Closing and reopening months are chained events too, beside the years' (period_events):
-- a closed month deleted or added behind the triggers no longer matches the events that
-- should have produced it. A month's event carries its month; a year's stays as it was, so
-- the events chained before this migration verify unchanged.

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

-- Months closed before this migration: one closing event each, in order.
DO $$
DECLARE
    closed record;
BEGIN
    FOR closed IN SELECT coop_id, month, closed_at FROM closed_months ORDER BY coop_id, month LOOP
        PERFORM append_month_event(closed.coop_id, closed.month, true, closed.closed_at);
    END LOOP;
END $$;
