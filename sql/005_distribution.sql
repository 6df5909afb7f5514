-- The yearly surplus distribution (law arts. 42 and 44; 2022 system table 02): the
-- charter's distribution settings, and each run with the inputs it was computed from,
-- so changing the settings later never changes a posted run.

ALTER TABLE cooperatives
    -- Kinds of dealings that count as patronage (default: purchases from members).
    ADD COLUMN patronage_kinds text[] NOT NULL DEFAULT '{purchase}'
        CHECK (cardinality(patronage_kinds) >= 1 AND patronage_kinds <@ ARRAY['purchase', 'land_fee_accrual']),
    -- How the reserve drawn is quantified to members (art. 42).
    ADD COLUMN reserve_quantified_by text NOT NULL DEFAULT 'patronage'
        CHECK (reserve_quantified_by IN ('patronage', 'capital', 'none'));

CREATE SEQUENCE distribution_run_id_seq AS bigint;

CREATE TABLE distribution_runs (
    coop_id                text NOT NULL REFERENCES cooperatives,
    run_id                 bigint NOT NULL DEFAULT nextval('distribution_run_id_seq'),
    year                   integer NOT NULL,
    status                 text NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'reversed')),
    -- The settings the run used.
    reserve_rate_bp        integer NOT NULL,
    patronage_share_bp     integer NOT NULL CHECK (patronage_share_bp >= 6000),
    capital_share_bp       integer NOT NULL,
    patronage_kinds        text[] NOT NULL,
    reserve_quantified_by  text NOT NULL,
    -- Its figures (fen): S, L, R, D, P, Q and what stayed undistributed.
    surplus                bigint NOT NULL,
    carried_in             bigint NOT NULL,
    reserve                bigint NOT NULL CHECK (reserve >= 0),
    distributable          bigint NOT NULL,
    patronage_pool         bigint NOT NULL CHECK (patronage_pool >= 0),
    capital_pool           bigint NOT NULL CHECK (capital_pool >= 0),
    patronage_distributed  boolean NOT NULL,
    capital_distributed    boolean NOT NULL,
    reserve_quantified     boolean NOT NULL,
    undistributed          bigint NOT NULL,
    posted_at              timestamptz NOT NULL DEFAULT now(),
    reversed_at            timestamptz,
    PRIMARY KEY (coop_id, run_id),
    CONSTRAINT distribution_runs_reversed_when CHECK ((status = 'reversed') = (reversed_at IS NOT NULL)),
    CONSTRAINT distribution_runs_patronage_minimum CHECK (distributable <= 0 OR patronage_pool * 10 >= distributable * 6),
    CONSTRAINT distribution_runs_pools_within_d CHECK (patronage_pool + capital_pool <= greatest(distributable, 0))
);

-- One posted run per cooperative and year: a second post (even a concurrent one) fails here.
CREATE UNIQUE INDEX distribution_runs_one_posted_per_year ON distribution_runs (coop_id, year) WHERE status = 'posted';

CREATE TABLE distribution_run_members (
    coop_id              text NOT NULL,
    run_id               bigint NOT NULL,
    member_no            integer NOT NULL,
    patronage_weight     bigint NOT NULL,
    patronage_refund     bigint NOT NULL CHECK (patronage_refund >= 0),
    capital_weight       bigint NOT NULL,
    capital_distribution bigint NOT NULL CHECK (capital_distribution >= 0),
    reserve_share        bigint NOT NULL CHECK (reserve_share >= 0),
    PRIMARY KEY (coop_id, run_id, member_no),
    FOREIGN KEY (coop_id, run_id) REFERENCES distribution_runs (coop_id, run_id),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no)
);

-- A run's figures never change; it can only be marked reversed, once.
CREATE FUNCTION protect_distribution_run() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.status = 'reversed' OR NEW.status <> 'reversed'
       OR (to_jsonb(NEW) - 'status' - 'reversed_at') IS DISTINCT FROM (to_jsonb(OLD) - 'status' - 'reversed_at') THEN
        RAISE EXCEPTION 'distribution run % of cooperative %: only its reversal can be recorded, once', OLD.run_id, OLD.coop_id
            USING ERRCODE = 'CL002';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER distribution_runs_protect BEFORE UPDATE OR DELETE ON distribution_runs
    FOR EACH ROW EXECUTE FUNCTION protect_distribution_run();

CREATE FUNCTION refuse_run_member_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a distribution run''s member shares never change' USING ERRCODE = 'CL002';
END $$;

CREATE TRIGGER distribution_run_members_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON distribution_run_members
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_run_member_change();
