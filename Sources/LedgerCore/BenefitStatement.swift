/// What each household gained through the cooperative in a year (issue 29): the five
/// channels it exists for, each as booked for the year, with what was paid and what is owed.
public struct BenefitStatement: Sendable, Equatable {
    /// The year's figures of one household, or of them all.
    public struct Channels: Sendable, Equatable {
        /// Land-transfer fees accrued for the year (114 credits of lease accruals).
        public var landRent = Money(fen: 0)
        /// What purchases paid above the produce's market value (the purchase records).
        public var purchasePremium = Money(fen: 0)
        /// Wages for the year's months (212 credits of payrolls).
        public var wages = Money(fen: 0)
        /// Loan-equity payouts accrued for the year (215 credits).
        public var loanEquityPayout = Money(fen: 0)
        /// Patronage refund of the year's run (221 credits).
        public var patronageRefund = Money(fen: 0)
        /// Capital and remaining-surplus share of the year's run (222 credits).
        public var capitalShare = Money(fen: 0)
        /// Paid to the household in the year through 114, 211, 212, 213, 215, 221 and 222 (a
        /// purchase's whole price, not only its premium).
        public var paid = Money(fen: 0)
        /// Still owed to the household at year end on those accounts.
        public var owed = Money(fen: 0)

        public init() {}

        public init(
            landRent: Money, purchasePremium: Money, wages: Money, loanEquityPayout: Money, patronageRefund: Money, capitalShare: Money, paid: Money,
            owed: Money
        ) {
            self.landRent = landRent
            self.purchasePremium = purchasePremium
            self.wages = wages
            self.loanEquityPayout = loanEquityPayout
            self.patronageRefund = patronageRefund
            self.capitalShare = capitalShare
            self.paid = paid
            self.owed = owed
        }

        /// The channels, by their names in the contract's JSON and on the page.
        public var byName: [(key: String, amount: Money)] {
            [
                ("land_rent", landRent), ("purchase_premium", purchasePremium), ("wages", wages),
                ("loan_equity_payout", loanEquityPayout), ("patronage_refund", patronageRefund), ("capital_share", capitalShare),
            ]
        }

        /// The channels' sum (paid and owed say how it stands, not more income).
        public func total() throws(LedgerError) -> Money {
            var sum = Money(fen: 0)
            for channel in byName { sum = try sum.adding(channel.amount, field: "total") }
            return sum
        }

        /// Each channel, then `total`, `paid` and `owed`: the figures of a household's row.
        public func figures() throws(LedgerError) -> [(key: String, amount: Money)] {
            byName + [("total", try total()), ("paid", paid), ("owed", owed)]
        }

        /// These figures and `other`'s, added.
        public func adding(_ other: Channels) throws(LedgerError) -> Channels {
            Channels(
                landRent: try landRent.adding(other.landRent), purchasePremium: try purchasePremium.adding(other.purchasePremium),
                wages: try wages.adding(other.wages), loanEquityPayout: try loanEquityPayout.adding(other.loanEquityPayout),
                patronageRefund: try patronageRefund.adding(other.patronageRefund), capitalShare: try capitalShare.adding(other.capitalShare),
                paid: try paid.adding(other.paid), owed: try owed.adding(other.owed)
            )
        }
    }

    /// One household: a member (with their number) or a non-member household.
    public struct Row: Sendable, Equatable {
        public let member: MemberNumber?
        public let household: HouseholdNumber?
        public let name: String
        public let village: String?
        public let poverty: Poverty
        public let channels: Channels
        /// Quantified subsidy and donation shares credited in the year: member equity, shown
        /// beside the income, never in it.
        public let quantifiedShares: Money
        /// The head of household's ID number, where the cooperative has it: how the district
        /// knows one household dealing with several cooperatives.
        public let idNumber: String?

        public init(
            member: MemberNumber?, household: HouseholdNumber?, name: String, village: String?, poverty: Poverty, channels: Channels,
            quantifiedShares: Money, idNumber: String? = nil
        ) {
            self.idNumber = idNumber
            self.member = member
            self.household = household
            self.name = name
            self.village = village
            self.poverty = poverty
            self.channels = channels
            self.quantifiedShares = quantifiedShares
        }

        public var isMember: Bool { member != nil }
        /// Whether the household worked for the cooperative in the year.
        public var isEmployed: Bool { channels.wages.fen != 0 }
    }

    public let coop: CoopCode
    public let year: Int
    /// Members of the year (any day of it) and the non-member households dealt with in it.
    public let rows: [Row]

    public init(coop: CoopCode, year: Int, rows: [Row]) {
        self.coop = coop
        self.year = year
        self.rows = rows
    }

    public func totals() throws(LedgerError) -> Channels {
        var sum = Channels()
        for row in rows { sum = try sum.adding(row.channels) }
        return sum
    }

    /// 带动农户数: the members and the non-member households dealt with in the year.
    public var householdsReached: Int { rows.count }
    public var poorHouseholdsReached: Int { rows.filter(\.poverty.isPoor).count }
    public var personsEmployed: Int { rows.filter(\.isEmployed).count }

    /// The statement narrowed to some of its households (one member, one household, the poor).
    public func filtered(_ keep: (Row) -> Bool) -> BenefitStatement {
        BenefitStatement(coop: coop, year: year, rows: rows.filter(keep))
    }
}
