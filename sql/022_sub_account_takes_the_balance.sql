-- A first sub-account takes its parent's balance (issue 23). Adding 10201 under 102 made 102
-- a heading at once, and the 2,123,295.00 it held stayed on it with no entry able to move it.
-- Now the parent becomes a heading when the transaction that adds its first sub-account
-- commits, so that transaction can also post the parent's balance into the new sub-account,
-- by an entry of its own kind (`sub_account_opening`, an admin's, like adding the account).

DROP TRIGGER accounts_parent_becomes_heading ON accounts;
CREATE CONSTRAINT TRIGGER accounts_parent_becomes_heading AFTER INSERT ON accounts
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.is_standard = false) EXECUTE FUNCTION make_parent_a_heading();

ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_kind_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_kind_check CHECK (kind IN (
    'general', 'capital_contribution', 'land_fee_accrual', 'land_fee_payment',
    'purchase', 'purchase_payment', 'sale', 'sale_payment', 'loan_equity_received', 'loan_equity_payout',
    'loan_equity_payout_payment', 'loan_equity_repaid', 'subsidy', 'donation', 'cost_transfer',
    'reserve_conversion', 'member_withdrawal', 'year_end_close', 'surplus_distribution',
    'distribution_payment', 'reversal', 'opening', 'sub_account_opening'));
