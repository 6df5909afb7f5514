/// The keys the ledger gives the entries it writes by itself, built here and nowhere else.
/// They start with `ClientKey.reservedPrefixes`, so no client can take one first.
public enum SystemKey {
    public static func leaseFee(lease: Int64, year: Int) -> String { "lease:\(lease):fee:\(year)" }
    public static func leasePayment(lease: Int64, year: Int) -> String { "lease:\(lease):payment:\(year)" }

    public static func loanEquityReceived(contract: Int64) -> String { "loan-equity:\(contract):received" }
    public static func loanEquityPayout(contract: Int64, year: Int) -> String { "loan-equity:\(contract):payout:\(year)" }
    public static func loanEquityPaid(contract: Int64, year: Int) -> String { "loan-equity:\(contract):paid:\(year)" }
    public static func loanEquityRepaid(contract: Int64) -> String { "loan-equity:\(contract):repaid" }

    /// Every key of a distribution run starts with this, e.g. `dividend:2026:run:7`.
    public static func run(year: Int, run: Int64) -> String { "dividend:\(year):run:\(run)" }
    /// Paying a run's refunds and residual to a member, or converting them into capital.
    public static func runPayment(runPrefix: String, member: MemberNumber) -> String { "\(runPrefix):pay:\(member)" }
    public static func runConversion(runPrefix: String, member: MemberNumber) -> String { "\(runPrefix):pay-into-capital:\(member)" }
    /// What every conversion key of a run starts with.
    public static func runConversions(runPrefix: String) -> String { "\(runPrefix):pay-into-capital:" }

    /// The entry a voucher draft is posted as (one per draft, so posting twice posts once).
    public static func voucherDraft(_ id: Int64) -> String { "voucher:\(id)" }

    /// The opening balances, and the entries quantifying members' opening 311 shares.
    public static let opening = "opening:balances"
    public static func openingShares(_ kind: EntryKind) -> String { "opening:\(kind.rawValue)-shares" }
    /// A mid-year opening's cumulative amounts of its year, and the members' 311 shares' part of them.
    public static let openingYearToDate = "opening:year-to-date"
    public static func openingYearToDateShares(_ kind: EntryKind) -> String { "opening:year-to-date:\(kind.rawValue)-shares" }

    /// A parent's balance carried into its first sub-account `code`.
    public static func subAccountOpening(_ code: AccountCode) -> String { "account:\(code.rawValue):opening" }

    /// An asset's acquisition, a month's depreciation of the register, and a disposal.
    public static func assetAcquisition(_ asset: Int32) -> String { "asset:\(asset):acquired" }
    public static func depreciation(_ month: CalendarMonth) -> String { "asset:depreciation:\(month)" }
    public static func assetDisposal(_ asset: Int32, _ disposal: Int32) -> String { "asset:\(asset):disposal:\(disposal)" }

    /// The reversal of a system entry (a run being reversed).
    public static func reversal(of key: String) -> String { key + ":reversed" }
    /// A purchase or sale paid at once: its payment entry, beside it.
    public static func payment(of key: ClientKey) -> String { key.rawValue + ":paid" }
}
