-- Plain tables for the baselines: the journal's columns, primary keys only.
CREATE TABLE plain_entries (coop_id text, entry_id bigserial, entry_date date, memo text, idempotency_key text, PRIMARY KEY (coop_id, entry_id));
CREATE TABLE plain_postings (coop_id text, entry_id bigint, line_no int, account_code text, member_no int, amount bigint,
                             PRIMARY KEY (coop_id, entry_id, line_no));
