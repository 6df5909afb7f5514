-- Sub-accounts (明细科目): a cooperative's own accounts under a standard one (501 → 50101
-- 生猪销售, one 102 per bank account, batches under 141). A child's code is its parent's and
-- two digits; it inherits the parent's kind and member rule; once an account has children
-- it is a heading and postings go to a leaf (its own earlier postings stay). Statements roll
-- every account up into its standard one (standard_code). The standard accounts never
-- change but for becoming headings; sub-accounts can be renamed and deactivated.
--
-- Sub-accounts are for accounts without member detail, outside owners' equity: the member
-- detail accounts are the sub-accounts of 114, 221, 222, 231, 301, 311, 322 and 215, and the
-- distribution and the 03 table read equity by its standard codes.

ALTER TABLE accounts
    ADD COLUMN is_standard boolean NOT NULL DEFAULT false,
    ADD COLUMN standard_code text,
    ADD COLUMN is_active boolean NOT NULL DEFAULT true,
    -- For a heading: the leaf that the ledger's own entries (operations, runs) post to where
    -- they name the heading: its first sub-account unless changed.
    ADD COLUMN posts_to text;

ALTER TABLE accounts DISABLE TRIGGER accounts_protect;
UPDATE accounts SET is_standard = true, standard_code = code;
ALTER TABLE accounts ENABLE TRIGGER accounts_protect;
ALTER TABLE accounts ALTER COLUMN standard_code SET NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_posts_to_child FOREIGN KEY (coop_id, posts_to) REFERENCES accounts (coop_id, code);

-- A new account is a standard one (the chart seeded for a new cooperative) or a sub-account
-- that follows the rules above; its kind and member rule are its parent's.
CREATE FUNCTION shape_new_account() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    parent accounts;
BEGIN
    IF EXISTS (SELECT 1 FROM standard_chart() c WHERE c.code = NEW.code) THEN
        NEW.is_standard := true;
        NEW.standard_code := NEW.code;
        RETURN NEW;
    END IF;
    SELECT * INTO parent FROM accounts a WHERE a.coop_id = NEW.coop_id AND a.code = NEW.parent_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'account %: a cooperative''s own account is a sub-account of an account of its chart; no parent %', NEW.code, coalesce(NEW.parent_code, '(none)')
            USING ERRCODE = 'CL004';
    END IF;
    IF NEW.code !~ ('^' || parent.code || '[0-9]{2}$') THEN
        RAISE EXCEPTION 'account %: a sub-account of % is numbered %NN (two more digits)', NEW.code, parent.code, parent.code
            USING ERRCODE = 'CL004';
    END IF;
    IF parent.member_rule <> 'none' OR parent.kind = 'equity' THEN
        RAISE EXCEPTION 'account %: % takes no sub-accounts (its member detail accounts, or owners'' equity read by its standard code)', NEW.code, parent.code
            USING ERRCODE = 'CL004';
    END IF;
    IF NOT parent.is_active THEN
        RAISE EXCEPTION 'account %: % is deactivated', NEW.code, parent.code USING ERRCODE = 'CL004';
    END IF;
    NEW.kind := parent.kind;
    NEW.member_rule := parent.member_rule;
    NEW.is_standard := false;
    NEW.standard_code := parent.standard_code;
    NEW.is_postable := true;
    NEW.posts_to := NULL;
    NEW.is_active := true;
    RETURN NEW;
END $$;

CREATE TRIGGER accounts_shape_new BEFORE INSERT ON accounts
    FOR EACH ROW EXECUTE FUNCTION shape_new_account();

-- The parent of a new sub-account becomes a heading, posting to its first child by default.
CREATE FUNCTION make_parent_a_heading() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE accounts SET is_postable = false, posts_to = coalesce(posts_to, NEW.code)
    WHERE coop_id = NEW.coop_id AND code = NEW.parent_code;
    RETURN NULL;
END $$;

CREATE TRIGGER accounts_parent_becomes_heading AFTER INSERT ON accounts
    FOR EACH ROW WHEN (NEW.is_standard = false) EXECUTE FUNCTION make_parent_a_heading();

-- What may change: the names and the active flag of a cooperative's own account (a
-- deactivated one with a balance stays readable), a postable account becoming a heading once
-- it has children, and which active child a heading's own entries post to.
CREATE OR REPLACE FUNCTION protect_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'account % of cooperative % cannot be deleted; deactivate it', OLD.code, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    IF (NEW.coop_id, NEW.code, NEW.kind, NEW.member_rule, NEW.parent_code, NEW.is_standard, NEW.standard_code)
       IS DISTINCT FROM (OLD.coop_id, OLD.code, OLD.kind, OLD.member_rule, OLD.parent_code, OLD.is_standard, OLD.standard_code) THEN
        RAISE EXCEPTION 'account % of cooperative %: its code, kind, member rule and place in the chart never change', OLD.code, OLD.coop_id
            USING ERRCODE = 'CL008';
    END IF;
    IF OLD.is_standard AND ((NEW.name, NEW.name_en, NEW.is_active) IS DISTINCT FROM (OLD.name, OLD.name_en, OLD.is_active)) THEN
        RAISE EXCEPTION 'account % is a standard account: its name is the standard''s and it stays active', OLD.code
            USING ERRCODE = 'CL008';
    END IF;
    IF NEW.is_postable IS DISTINCT FROM OLD.is_postable
       AND (NEW.is_postable OR NOT EXISTS (SELECT 1 FROM accounts c WHERE c.coop_id = OLD.coop_id AND c.parent_code = OLD.code)) THEN
        RAISE EXCEPTION 'account %: it becomes a heading when it gets a sub-account, and stays one', OLD.code
            USING ERRCODE = 'CL008';
    END IF;
    IF NEW.posts_to IS DISTINCT FROM OLD.posts_to
       AND NOT EXISTS (SELECT 1 FROM accounts c WHERE c.coop_id = OLD.coop_id AND c.parent_code = OLD.code
                       AND c.code = NEW.posts_to AND c.is_active) THEN
        RAISE EXCEPTION 'account %: its entries post to one of its active sub-accounts, not %', OLD.code, coalesce(NEW.posts_to, 'none')
            USING ERRCODE = 'CL008';
    END IF;
    IF NOT NEW.is_active AND OLD.is_active
       AND EXISTS (SELECT 1 FROM accounts p WHERE p.coop_id = OLD.coop_id AND p.code = OLD.parent_code AND p.posts_to = OLD.code) THEN
        RAISE EXCEPTION 'account %: its parent''s entries post to it; point them at another sub-account first', OLD.code
            USING ERRCODE = 'CL008';
    END IF;
    RETURN NEW;
END $$;

-- No new postings to a deactivated account.
CREATE FUNCTION refuse_postings_to_inactive_accounts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id, p.line_no, p.account_code INTO bad
    FROM new_postings p JOIN accounts a ON a.coop_id = p.coop_id AND a.code = p.account_code
    WHERE NOT a.is_active
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: account % is deactivated', bad.entry_id, bad.line_no, bad.account_code
            USING ERRCODE = 'CL004';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER postings_check_active_accounts AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_postings_to_inactive_accounts();
