-- Every amount and quantity has a documented maximum (LedgerCore's Limits), held here
-- again so no client can store one that would make a statement's sum overflow. NOT VALID:
-- rows written before are not rescanned; every new row is checked.

ALTER TABLE postings ADD CONSTRAINT postings_amount_bounded
    CHECK (amount BETWEEN -100000000000000 AND 100000000000000) NOT VALID;
ALTER TABLE leases ADD CONSTRAINT leases_terms_bounded
    CHECK (area_hundredths_mu <= 100000000 AND rate_fen_per_mu <= 10000000) NOT VALID;
ALTER TABLE loan_equity_contracts ADD CONSTRAINT loan_equity_amounts_bounded
    CHECK (principal_fen <= 100000000000000 AND payout_fen <= 100000000000000) NOT VALID;
ALTER TABLE purchases ADD CONSTRAINT purchases_terms_bounded
    CHECK (quantity_g <= 1000000000000 AND market_price <= 1000000000) NOT VALID;
ALTER TABLE sales ADD CONSTRAINT sales_terms_bounded
    CHECK (quantity_g <= 1000000000000 AND unit_price <= 1000000000) NOT VALID;
