-- A bookkeeper's dealings with members, beside the journal: capital contributions by
-- source, land-transfer leases, purchases above the market price, loan-equity
-- contracts. Amounts live in the journal; these tables keep what the journal cannot
-- (areas, quantities, prices, terms) and point at the entries they caused.

CREATE TABLE contributions (
    coop_id   text NOT NULL,
    entry_id  bigint NOT NULL,
    member_no integer NOT NULL,
    -- Household-level poverty-alleviation project assets, or other (law art. 43).
    source    text NOT NULL CHECK (source IN ('poverty_alleviation_assets', 'other')),
    PRIMARY KEY (coop_id, entry_id),
    FOREIGN KEY (coop_id, entry_id) REFERENCES journal_entries (coop_id, entry_id),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no)
);

CREATE SEQUENCE lease_id_seq AS bigint;

CREATE TABLE leases (
    coop_id            text NOT NULL,
    lease_id           bigint NOT NULL DEFAULT nextval('lease_id_seq'),
    member_no          integer NOT NULL,
    area_hundredths_mu bigint NOT NULL CHECK (area_hundredths_mu > 0),
    rate_fen_per_mu    bigint NOT NULL CHECK (rate_fen_per_mu > 0),
    starts_on          date NOT NULL,
    -- Last day covered; NULL while the lease runs on.
    ends_on            date CHECK (ends_on >= starts_on),
    -- The client's idempotency key for `lease add`, if it gave one.
    contract_key       text CHECK (length(contract_key) BETWEEN 1 AND 128),
    created_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coop_id, lease_id),
    CONSTRAINT leases_key_unique UNIQUE (coop_id, contract_key),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no)
);

CREATE TABLE purchases (
    coop_id          text NOT NULL,
    entry_id         bigint NOT NULL,
    member_no        integer NOT NULL,
    product          text NOT NULL CHECK (length(btrim(product)) BETWEEN 1 AND 40),
    quantity_g       bigint NOT NULL CHECK (quantity_g > 0),
    -- Market reference price in 1/10000 yuan per kg, when and where it was read.
    market_price     bigint NOT NULL CHECK (market_price > 0),
    price_date       date NOT NULL,
    price_source     text NOT NULL,
    premium_bp       integer NOT NULL CHECK (premium_bp >= 0),
    -- Both kept, so reports show what the premium put in members' hands.
    market_value_fen bigint NOT NULL CHECK (market_value_fen >= 0),
    amount_fen       bigint NOT NULL CHECK (amount_fen >= market_value_fen),
    PRIMARY KEY (coop_id, entry_id),
    FOREIGN KEY (coop_id, entry_id) REFERENCES journal_entries (coop_id, entry_id),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no)
);

CREATE INDEX purchases_by_member ON purchases (coop_id, member_no, product);

CREATE SEQUENCE loan_equity_contract_id_seq AS bigint;

CREATE TABLE loan_equity_contracts (
    coop_id           text NOT NULL,
    contract_id       bigint NOT NULL DEFAULT nextval('loan_equity_contract_id_seq'),
    member_no         integer NOT NULL,
    principal_fen     bigint NOT NULL CHECK (principal_fen > 0),
    starts_on         date NOT NULL,
    years             integer NOT NULL CHECK (years BETWEEN 1 AND 30),
    payout_fen        bigint NOT NULL CHECK (payout_fen >= 0),
    treatment         text NOT NULL CHECK (treatment IN ('liability', 'equity')),
    received_entry_id bigint NOT NULL,
    repaid_on         date,
    repaid_entry_id   bigint,
    contract_key      text CHECK (length(contract_key) BETWEEN 1 AND 128),
    PRIMARY KEY (coop_id, contract_id),
    CONSTRAINT loan_equity_key_unique UNIQUE (coop_id, contract_key),
    CONSTRAINT loan_equity_repaid_with_entry CHECK ((repaid_on IS NULL) = (repaid_entry_id IS NULL)),
    CONSTRAINT loan_equity_no_payout_on_equity CHECK (treatment = 'liability' OR payout_fen = 0),
    FOREIGN KEY (coop_id, member_no) REFERENCES members (coop_id, member_no),
    FOREIGN KEY (coop_id, received_entry_id) REFERENCES journal_entries (coop_id, entry_id),
    FOREIGN KEY (coop_id, repaid_entry_id) REFERENCES journal_entries (coop_id, entry_id)
);

CREATE INDEX loan_equity_by_member ON loan_equity_contracts (coop_id, member_no);

-- A contract's terms never change once its money is booked; it is repaid once.
CREATE FUNCTION protect_loan_equity_contract() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.repaid_on IS NOT NULL
       OR (NEW.coop_id, NEW.contract_id, NEW.member_no, NEW.principal_fen, NEW.starts_on, NEW.years,
           NEW.payout_fen, NEW.treatment, NEW.received_entry_id, NEW.contract_key)
          IS DISTINCT FROM
          (OLD.coop_id, OLD.contract_id, OLD.member_no, OLD.principal_fen, OLD.starts_on, OLD.years,
           OLD.payout_fen, OLD.treatment, OLD.received_entry_id, OLD.contract_key) THEN
        RAISE EXCEPTION 'loan-equity contract % of cooperative %: only its repayment can be recorded, once', OLD.contract_id, OLD.coop_id
            USING ERRCODE = 'CL002';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER loan_equity_contracts_protect BEFORE UPDATE OR DELETE ON loan_equity_contracts
    FOR EACH ROW EXECUTE FUNCTION protect_loan_equity_contract();

-- Leases are contracts too: their terms never change and they are never deleted
-- (a lease that ends gets its end date, once).
CREATE FUNCTION protect_lease() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.ends_on IS NOT NULL
       OR (NEW.coop_id, NEW.lease_id, NEW.member_no, NEW.area_hundredths_mu, NEW.rate_fen_per_mu, NEW.starts_on, NEW.contract_key)
          IS DISTINCT FROM
          (OLD.coop_id, OLD.lease_id, OLD.member_no, OLD.area_hundredths_mu, OLD.rate_fen_per_mu, OLD.starts_on, OLD.contract_key) THEN
        RAISE EXCEPTION 'lease % of cooperative %: only an end date can be added, once', OLD.lease_id, OLD.coop_id
            USING ERRCODE = 'CL002';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER leases_protect BEFORE UPDATE OR DELETE ON leases
    FOR EACH ROW EXECUTE FUNCTION protect_lease();

