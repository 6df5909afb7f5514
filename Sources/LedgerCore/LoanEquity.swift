/// How a poverty-alleviation loan put in as equity (扶贫贷款入股) is booked.
public enum LoanEquityTreatment: String, Sendable, CaseIterable {
    /// The default, substance over form: a long-term borrowing (231 / member) with a
    /// guaranteed yearly payout booked as a financial expense.
    case liability
    /// Share capital (301 / member): no guaranteed payout; the member shares in the
    /// residual pool like any contribution.
    case equity
}

/// A household's loan-equity contract.
public struct LoanEquityContract: Hashable, Sendable {
    public let member: MemberNumber
    public let principal: Money
    public let startsOn: Day
    public let years: Int
    public let yearlyPayout: Money
    public let treatment: LoanEquityTreatment

    public static let yearsMax = 30

    public init(member: MemberNumber, principal: Money, startsOn: Day, years: Int, yearlyPayout: Money, treatment: LoanEquityTreatment) throws(LedgerError) {
        guard principal.fen > 0 else {
            throw LedgerError(.invalidAmount, field: "principal", value: principal.description, rule: "the principal is more than zero")
        }
        for (field, amount) in [("principal", principal), ("payout", yearlyPayout)] where amount.fen > Limits.contractAmountMax.fen {
            throw LedgerError(.amountOverflow, field: field, value: amount.description, rule: "at most \(Limits.contractAmountMax) yuan")
        }
        guard (1...Self.yearsMax).contains(years) else {
            throw LedgerError(.invalidValue, field: "years", value: String(years), rule: "a contract runs 1 to \(Self.yearsMax) years")
        }
        guard yearlyPayout.fen >= 0 else {
            throw LedgerError(.invalidAmount, field: "payout", value: yearlyPayout.description, rule: "the yearly payout cannot be negative")
        }
        guard treatment == .liability || yearlyPayout.isZero else {
            throw LedgerError(
                .invalidValue, field: "payout", value: yearlyPayout.description,
                rule: "equity treatment carries no guaranteed payout (law art. 44); use --treatment liability or --payout 0")
        }
        self.member = member
        self.principal = principal
        self.startsOn = startsOn
        self.years = years
        self.yearlyPayout = yearlyPayout
        self.treatment = treatment
    }

    /// The last day the contract covers: the day before its anniversary `years` on.
    public func endsOn() throws(LedgerError) -> Day {
        try startsOn.addingYears(years).previous()
    }

    /// The payout for `year`, pro rata by days in the first and last year (and up to
    /// `repaidOn` if the principal came back early).
    public func payout(forYear year: Int, repaidOn: Day? = nil) throws(LedgerError) -> Money {
        let contractEnd = try endsOn()
        let end = min(contractEnd, repaidOn ?? contractEnd)
        let days = try Day.daysCovered(inYear: year, from: startsOn, through: end)
        return Money(fen: try Rounding.scale(yearlyPayout.fen, by: Int64(days), over: Int64(Day.daysInYear(year)), field: "payout"))
    }
}
