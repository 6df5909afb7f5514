/// A land-transfer lease (土地流转): a household's land rented by the cooperative, a member's
/// (its fee owed on their 114) or a non-member household's (owed on 211 应付款).
public struct Lease: Hashable, Sendable {
    public let lessor: Payee
    public let area: Area
    /// Fee per mu per year.
    public let yearlyRatePerMu: Money
    public let startsOn: Day
    /// The last day covered; nil while the lease runs on.
    public let endsOn: Day?

    public init(member: MemberNumber, area: Area, yearlyRatePerMu: Money, startsOn: Day, endsOn: Day?) throws(LedgerError) {
        try self.init(lessor: .member(member), area: area, yearlyRatePerMu: yearlyRatePerMu, startsOn: startsOn, endsOn: endsOn)
    }

    public init(lessor: Payee, area: Area, yearlyRatePerMu: Money, startsOn: Day, endsOn: Day?) throws(LedgerError) {
        guard yearlyRatePerMu.fen > 0 else {
            throw LedgerError(.invalidAmount, field: "rate", value: yearlyRatePerMu.description, rule: "the yearly rate per mu is more than zero")
        }
        guard yearlyRatePerMu.fen <= Limits.leaseRatePerMuMax.fen else {
            throw LedgerError(
                .amountOverflow, field: "rate", value: yearlyRatePerMu.description, rule: "the yearly rate per mu is at most \(Limits.leaseRatePerMuMax) yuan")
        }
        guard area.hundredthsOfMu > 0, area.hundredthsOfMu <= Limits.areaMax.hundredthsOfMu else {
            throw LedgerError(.invalidValue, field: "area", value: area.description, rule: "an area is more than zero and at most \(Limits.areaMax) mu")
        }
        if let endsOn, endsOn < startsOn {
            throw LedgerError(.invalidDate, field: "end", value: endsOn.description, rule: "a lease cannot end before it starts (\(startsOn))")
        }
        self.lessor = lessor
        self.area = area
        self.yearlyRatePerMu = yearlyRatePerMu
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    /// Where the fee is owed: the member's 114 detail account, or 211 for a household.
    public var owedOn: (account: AccountCode, member: MemberNumber?) {
        switch lessor {
        case .member(let number): (.memberCurrentAccounts, number)
        case .household: (.payables, nil)
        }
    }

    /// The fee for `year`: round(area × rate × days covered in the year / days in the year).
    /// Zero when the lease does not touch the year.
    public func fee(forYear year: Int) throws(LedgerError) -> Money {
        let days = try Day.daysCovered(inYear: year, from: startsOn, through: endsOn)
        // area is in hundredths of a mu: divide by 100 as well, in the same single rounding.
        let numerator = try Rounding.product([area.hundredthsOfMu, yearlyRatePerMu.fen, Int64(days)], field: "land fee")
        let denominator = Int128(100) * Int128(Day.daysInYear(year))
        return Money(fen: try Rounding.divide(numerator, by: denominator, field: "land fee"))
    }
}
