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
    /// A product sold to a member (114 / member ← 501); patronage, like a purchase.
    case sale
    /// Paying a sale at once (102 → 114 / member), so the sale's 114 debit stays whole.
    case salePayment = "sale_payment"
    case loanEquityReceived = "loan_equity_received"
    case loanEquityPayout = "loan_equity_payout"
    /// Accrued payouts paid to the households (215 / member → 102).
    case loanEquityPayoutPayment = "loan_equity_payout_payment"
    case loanEquityRepaid = "loan_equity_repaid"
    /// A state subsidy (国家财政直接补助) or a donation received into 311 专项基金 and
    /// quantified to members (311 / member): the kind tells the two shares apart.
    case subsidy
    case donation
    /// Costs carried on: materials consumed (121 → 401), production finished (401 → 141
    /// or 121), the cost of products sold (141 or 121 → 521).
    case costTransfer = "cost_transfer"
    /// A member's reserve share converted into their capital (322 / member → 301 / member).
    case reserveConversion = "reserve_conversion"
    /// A member leaving (退社, law art. 28): contribution and reserve share returned.
    case memberWithdrawal = "member_withdrawal"
    /// Closing the profit-and-loss accounts into 331 and 331 into 332 未分配盈余.
    case yearEndClose = "year_end_close"
    /// The reserve, patronage refunds and residual distribution of a run.
    case surplusDistribution = "surplus_distribution"
    /// Refunds and residual paid out (221/222 → 102) or converted into capital (→ 301).
    case distributionPayment = "distribution_payment"
    case reversal
    /// Opening balances of a cooperative moving its books in: the first entry, never reversed.
    case opening
    /// A mid-year opening's cumulative debits and credits of its year up to its date
    /// (本年累计发生额), a debit and a credit line per account: never reversed.
    case openingYearToDate = "opening_year_to_date"
    /// A parent account's balance carried into its first sub-account when that is added (the
    /// parent becomes a heading, which takes no postings): never reversed.
    case subAccountOpening = "sub_account_opening"
    /// A month's wages, per person (cost account → 212 / member, or 212 for a non-member
    /// household, whose line in the payroll names it).
    case payroll
    /// Wages paid (212 → 102).
    case payrollPayment = "payroll_payment"
    /// An asset entering the register (151 or 142 ← 102, 153 or 141).
    case assetAcquisition = "asset_acquisition"
    /// A month's depreciation of the register (401 or an expense → 152, 143).
    case depreciation
    /// An asset, or part of a breeding batch, leaving the register (through 154 for a fixed asset).
    case assetDisposal = "asset_disposal"
}
