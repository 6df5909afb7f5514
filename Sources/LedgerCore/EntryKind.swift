/// What an entry records. Reports and the surplus distribution find dealings by kind
/// (a member's purchases, land fees); the amounts always come from the postings.
public enum EntryKind: String, Sendable, CaseIterable {
    case general
    case capitalContribution = "capital_contribution"
    case landFeeAccrual = "land_fee_accrual"
    case landFeePayment = "land_fee_payment"
    case purchase
    case loanEquityReceived = "loan_equity_received"
    case loanEquityPayout = "loan_equity_payout"
    case loanEquityRepaid = "loan_equity_repaid"
    case reversal
}
