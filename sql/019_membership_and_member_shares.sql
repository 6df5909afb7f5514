-- Membership is dated, and members' shares never go below zero (issue 23, second audit).
--
-- A member is a member from joined_on through the day before left_on: a leave dated 30 June
-- returns the contribution and reserve share as they stood that day, and nothing dealt on or
-- after it is a member's dealing. The rules, as LedgerCore's `Membership` has them:
--
--   * A member's line in an entry of a dealing kind (capital, purchase, sale, loan equity
--     received, a subsidy or donation share, a reserve conversion) is dated within membership.
--   * After leaving, nothing more is put on or taken from the member's equity (301 股金,
--     311 quantified shares, 322 reserve share), and no residual (222, the capital share) is
--     given; the patronage refund (221) for dealings made while a member is still owed (law
--     art. 28). Exempt: the leave itself, reversals (they undo) and the opening balances.
--   * left_on follows the journal: a member_withdrawal entry sets it to its date, the
--     reversal of that entry clears it (the member is reinstated). A member's dates cannot
--     be moved so that a dealing falls outside them (the leave included).
--
-- And for every member, the end-of-day balance of each 301, 311 and 322 detail account is
-- a credit or zero on every day: a debit larger than the share (a loss covered from a
-- reserve share that is not there) is refused, so a later leave always balances.
--
-- SQLSTATEs: CL012 outside membership, CL013 a member's share below zero.

CREATE FUNCTION requires_membership(entry_kind text, account_code text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN entry_kind IN ('member_withdrawal', 'reversal', 'opening') THEN false
        WHEN entry_kind IN ('capital_contribution', 'purchase', 'sale', 'loan_equity_received',
                            'subsidy', 'donation', 'reserve_conversion') THEN true
        WHEN left(account_code, 3) IN ('301', '311', '322') THEN true
        WHEN entry_kind = 'surplus_distribution' AND left(account_code, 3) = '222' THEN true
        ELSE false
    END
$$;

-- The accounts whose member lines requires_membership can ever hold: the member's own
-- postings are found through postings_by_account (coop_id, account_code, member_no).
CREATE FUNCTION membership_accounts(p_coop text) RETURNS text[] LANGUAGE sql STABLE AS $$
    SELECT array_agg(code) FROM accounts
    WHERE coop_id = p_coop AND left(code, 3) IN ('114', '222', '231', '301', '311', '322')
$$;

-- New member lines, in one pass over the statement's postings: a line outside membership is
-- refused (looked up per line by key, as the other posting checks are: only member lines
-- dated outside their member's dates read their entry), and a debit on a member's equity
-- detail queues that share's check at commit (below).
CREATE FUNCTION check_member_lines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id, p.line_no, p.member_no, p.entry_date, e.kind, m.joined_on, m.left_on INTO bad
    FROM new_postings p
    CROSS JOIN LATERAL (SELECT joined_on, left_on FROM members m
                        WHERE m.coop_id = p.coop_id AND m.member_no = p.member_no OFFSET 0) AS m
    CROSS JOIN LATERAL (SELECT e.kind FROM journal_entries e
                        WHERE e.coop_id = p.coop_id AND e.entry_id = p.entry_id OFFSET 0) AS e
    WHERE p.member_no IS NOT NULL
      AND (p.entry_date < m.joined_on OR p.entry_date >= m.left_on)
      AND requires_membership(e.kind, p.account_code)
    ORDER BY p.entry_id, p.line_no
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'entry % line %: member % %; a % dated % is not a member''s dealing', bad.entry_id, bad.line_no, bad.member_no,
            CASE WHEN bad.entry_date < bad.joined_on THEN format('joined on %s', bad.joined_on)
                 ELSE format('left on %s', bad.left_on) END,
            bad.kind, bad.entry_date
            USING ERRCODE = 'CL012';
    END IF;
    INSERT INTO pending_share_checks (coop_id, account_code, member_no, xact)
    SELECT DISTINCT coop_id, account_code, member_no, pg_current_xact_id() FROM new_postings
    WHERE member_no IS NOT NULL AND amount > 0 AND left(account_code, 3) IN ('301', '311', '322')
    ORDER BY 1, 2, 3
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER postings_check_member_lines AFTER INSERT ON postings
    REFERENCING NEW TABLE AS new_postings
    FOR EACH STATEMENT EXECUTE FUNCTION check_member_lines();

-- Moving a member's dates: every dealing already booked stays inside them.
CREATE FUNCTION check_membership_dates() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    SELECT p.entry_id, p.entry_date, e.kind INTO bad
    FROM postings p
    JOIN journal_entries e ON e.coop_id = p.coop_id AND e.entry_id = p.entry_id
    WHERE p.coop_id = NEW.coop_id AND p.account_code = ANY (membership_accounts(NEW.coop_id)) AND p.member_no = NEW.member_no
      AND (p.entry_date < NEW.joined_on OR p.entry_date >= NEW.left_on)
      AND requires_membership(e.kind, p.account_code)
    ORDER BY p.entry_date, p.entry_id
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'member % has a % (entry %) dated %, outside membership from % to %; reverse it first',
            NEW.member_no, bad.kind, bad.entry_id, bad.entry_date, coalesce(NEW.joined_on::text, 'the start'),
            coalesce((NEW.left_on - 1)::text, 'now')
            USING ERRCODE = 'CL012';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER members_dealings_within_membership
    BEFORE UPDATE OF joined_on, left_on ON members
    FOR EACH ROW
    WHEN (OLD.joined_on IS DISTINCT FROM NEW.joined_on OR OLD.left_on IS DISTINCT FROM NEW.left_on)
    EXECUTE FUNCTION check_membership_dates();

-- Work left for commit: leaves (and their reversals) to apply to members, and member shares
-- to check. Written only by the triggers below, gone when the transaction ends.
CREATE UNLOGGED TABLE pending_leaves (
    coop_id  text NOT NULL,
    entry_id bigint NOT NULL,
    PRIMARY KEY (coop_id, entry_id)
);

CREATE UNLOGGED TABLE pending_share_checks (
    coop_id      text NOT NULL,
    account_code text NOT NULL,
    member_no    integer NOT NULL,
    xact         xid8 NOT NULL,
    PRIMARY KEY (coop_id, account_code, member_no, xact)
);

CREATE TRIGGER pending_leaves_by_triggers_only BEFORE INSERT OR UPDATE OR DELETE ON pending_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_check_bookkeeping();
CREATE TRIGGER pending_leaves_never_truncated BEFORE TRUNCATE ON pending_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();
CREATE TRIGGER pending_share_checks_by_triggers_only BEFORE INSERT OR UPDATE OR DELETE ON pending_share_checks
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_direct_check_bookkeeping();
CREATE TRIGGER pending_share_checks_never_truncated BEFORE TRUNCATE ON pending_share_checks
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_journal_change();

-- Leaves and reversals are few; the kind is on the entry row, so no postings are read here.
CREATE FUNCTION await_leaves() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO pending_leaves (coop_id, entry_id)
    SELECT coop_id, entry_id FROM new_entries WHERE kind IN ('member_withdrawal', 'reversal');
    RETURN NULL;
END $$;

CREATE TRIGGER journal_entries_await_leaves AFTER INSERT ON journal_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION await_leaves();

-- At commit: a leave sets its members' left_on to its date (refused if they left on another
-- day already), a leave's reversal clears it. The members trigger above checks the dealings.
CREATE FUNCTION apply_leave() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry record;
    line record;
BEGIN
    SELECT e.kind, e.entry_date, o.kind AS reversed_kind, o.entry_date AS reversed_date INTO entry
    FROM journal_entries e
    LEFT JOIN journal_entries o ON o.coop_id = e.coop_id AND o.entry_id = e.reverses_entry_id
    WHERE e.coop_id = NEW.coop_id AND e.entry_id = NEW.entry_id;
    IF entry.kind = 'member_withdrawal' THEN
        FOR line IN SELECT DISTINCT p.member_no, m.left_on FROM postings p
                    JOIN members m ON m.coop_id = p.coop_id AND m.member_no = p.member_no
                    WHERE p.coop_id = NEW.coop_id AND p.entry_id = NEW.entry_id LOOP
            IF line.left_on IS NOT NULL AND line.left_on <> entry.entry_date THEN
                RAISE EXCEPTION 'member % left on % already; entry % cannot record a leave on %',
                    line.member_no, line.left_on, NEW.entry_id, entry.entry_date
                    USING ERRCODE = 'CL012';
            END IF;
            UPDATE members SET left_on = entry.entry_date WHERE coop_id = NEW.coop_id AND member_no = line.member_no;
        END LOOP;
    ELSIF entry.kind = 'reversal' AND entry.reversed_kind = 'member_withdrawal' THEN
        UPDATE members m SET left_on = NULL
        WHERE m.coop_id = NEW.coop_id AND m.left_on = entry.reversed_date
          AND m.member_no IN (SELECT p.member_no FROM postings p WHERE p.coop_id = NEW.coop_id AND p.entry_id = NEW.entry_id);
    END IF;
    DELETE FROM pending_leaves WHERE coop_id = NEW.coop_id AND entry_id = NEW.entry_id;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER apply_leaves_at_commit AFTER INSERT ON pending_leaves
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION apply_leave();

-- A debit on a member's equity detail (queued by check_member_lines) may take the share
-- below zero on some day: each (account, member) is checked at commit, once per transaction,
-- whatever else the transaction posts.
CREATE FUNCTION check_member_share() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    -- Debit positive: a day whose running balance is above zero is a share below zero.
    SELECT d.entry_date, d.balance, a.name INTO bad
    FROM (SELECT entry_date, sum(sum(amount)) OVER (ORDER BY entry_date) AS balance
          FROM postings
          WHERE coop_id = NEW.coop_id AND account_code = NEW.account_code AND member_no = NEW.member_no
          GROUP BY entry_date) AS d
    JOIN accounts a ON a.coop_id = NEW.coop_id AND a.code = NEW.account_code
    WHERE d.balance > 0
    ORDER BY d.entry_date
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'member % would hold % yuan on % % on %; a member''s share cannot go below zero',
            NEW.member_no, to_char(-bad.balance / 100.0, 'FM999999999999990.00'), NEW.account_code, bad.name, bad.entry_date
            USING ERRCODE = 'CL013';
    END IF;
    DELETE FROM pending_share_checks
    WHERE coop_id = NEW.coop_id AND account_code = NEW.account_code AND member_no = NEW.member_no AND xact = NEW.xact;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER check_member_shares_at_commit AFTER INSERT ON pending_share_checks
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION check_member_share();
