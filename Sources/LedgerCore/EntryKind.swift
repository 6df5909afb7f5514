/// What an entry records. Reports and the surplus distribution find dealings by kind
/// (a member's purchases, land fees); the amounts always come from the postings.
public enum EntryKind: String, Sendable, CaseIterable {
    case general
    case capitalContribution = "capital_contribution"
    case landFeeAccrual = "land_fee_accrual"
    case landFeePayment = "land_fee_payment"
    case purchase
    /// Paying a purchase at once, a separate entry so the purchase's 114 credit stays whole.
    case purchasePayment = "purchase_payment"
    case loanEquityReceived = "loan_equity_received"
    case loanEquityPayout = "loan_equity_payout"
    case loanEquityRepaid = "loan_equity_repaid"
    /// Closing the profit-and-loss accounts into 331 and 331 into 332 未分配盈余.
    case yearEndClose = "year_end_close"
    /// The reserve, patronage refunds and residual distribution of a run.
    case surplusDistribution = "surplus_distribution"
    /// Refunds and residual paid out (221/222 → 102) or converted into capital (→ 301).
    case distributionPayment = "distribution_payment"
    case reversal
}
