/// A member's account for one year (成员账户, law art. 43): everything the law says a
/// member's account shows, each figure from the journal.
public struct MemberAccount: Sendable, Equatable {
    /// Which way a dealing went (law art. 44 counts both as patronage).
    public enum Direction: String, Sendable {
        /// The cooperative bought from the member (收购).
        case purchase
        /// The cooperative sold to the member (销售).
        case sale
    }

    /// One product dealt in with the member during the year, one way.
    public struct ProductDealings: Sendable, Equatable {
        public let product: String
        public let direction: Direction
        public let quantity: Weight
        /// The market value of a purchase (what the premium is measured from); a sale's amount.
        public let marketValue: Money
        public let amount: Money
        /// What the premium over the market price put in the member's hands.
        public var premium: Money { Money(fen: amount.fen - marketValue.fen) }

        public init(product: String, direction: Direction = .purchase, quantity: Weight, marketValue: Money, amount: Money) {
            self.product = product
            self.direction = direction
            self.quantity = quantity
            self.marketValue = marketValue
            self.amount = amount
        }
    }

    /// The quantified figures of the account on one day: capital by source (301), the
    /// reserve share (322), the subsidy and donation shares (311, by kind).
    public struct Balances: Sendable, Equatable {
        public var capitalFromPovertyAlleviationAssets: Money
        public var capitalOther: Money
        public var reserveShare: Money
        public var subsidyShare: Money
        public var donationShare: Money

        public init(capitalFromPovertyAlleviationAssets: Money, capitalOther: Money, reserveShare: Money, subsidyShare: Money, donationShare: Money) {
            self.capitalFromPovertyAlleviationAssets = capitalFromPovertyAlleviationAssets
            self.capitalOther = capitalOther
            self.reserveShare = reserveShare
            self.subsidyShare = subsidyShare
            self.donationShare = donationShare
        }

        public static let zero = Balances(
            capitalFromPovertyAlleviationAssets: .zero, capitalOther: .zero, reserveShare: .zero, subsidyShare: .zero, donationShare: .zero)
    }

    /// One entry of the year that moved the member's account, as the MOF template lists
    /// them: each column's movement (credit positive), and the dealing it records.
    public struct Line: Sendable, Equatable {
        public let date: Day
        public let entry: EntryID
        public let memo: String
        public let capital: Money
        public let reserveShare: Money
        public let subsidyShare: Money
        public let donationShare: Money
        public let product: String?
        public let direction: Direction?
        /// Negative when a dealing is reversed.
        public let quantity: Weight?
        public let amount: Money
        public let patronageRefund: Money
        public let residualDistribution: Money

        public init(
            date: Day, entry: EntryID, memo: String, capital: Money, reserveShare: Money, subsidyShare: Money, donationShare: Money,
            product: String?, direction: Direction?, quantity: Weight?, amount: Money, patronageRefund: Money, residualDistribution: Money
        ) {
            self.date = date
            self.entry = entry
            self.memo = memo
            self.capital = capital
            self.reserveShare = reserveShare
            self.subsidyShare = subsidyShare
            self.donationShare = donationShare
            self.product = product
            self.direction = direction
            self.quantity = quantity
            self.amount = amount
            self.patronageRefund = patronageRefund
            self.residualDistribution = residualDistribution
        }
    }

    public struct LoanEquityLine: Sendable, Equatable {
        public let contractID: Int64
        public let contract: LoanEquityContract
        public let repaidOn: Day?
        /// Payouts accrued for the year (215 / member).
        public let payoutsAccrued: Money

        public init(contractID: Int64, contract: LoanEquityContract, repaidOn: Day?, payoutsAccrued: Money) {
            self.contractID = contractID
            self.contract = contract
            self.repaidOn = repaidOn
            self.payoutsAccrued = payoutsAccrued
        }
    }

    public let member: Member
    public let year: Int
    /// At the start of the year (the end of the one before) and at its end.
    public let opening: Balances
    public let closing: Balances
    public let products: [ProductDealings]
    public let landFeesAccrued: Money
    public let landFeesPaid: Money
    public let loanEquity: [LoanEquityLine]
    /// Credited to the member in the year (221 and 222 / member).
    public let patronageRefund: Money
    public let residualDistribution: Money
    /// 成员往来 at the end of the year: positive, the member owes the cooperative;
    /// negative, the cooperative owes the member.
    public let currentAccountBalance: Money
    /// The year's entries that moved the account, in date order.
    public let lines: [Line]
    /// The year's distribution, to explain the member's shares: the posted run (with its
    /// id), or a preview when none is posted yet.
    public private(set) var distribution: Distribution?
    public private(set) var distributionRun: Int64?

    public init(
        member: Member, year: Int, opening: Balances, closing: Balances, products: [ProductDealings], landFeesAccrued: Money,
        landFeesPaid: Money, loanEquity: [LoanEquityLine], patronageRefund: Money, residualDistribution: Money,
        currentAccountBalance: Money, lines: [Line]
    ) {
        self.member = member
        self.year = year
        self.opening = opening
        self.closing = closing
        self.products = products
        self.landFeesAccrued = landFeesAccrued
        self.landFeesPaid = landFeesPaid
        self.loanEquity = loanEquity
        self.patronageRefund = patronageRefund
        self.residualDistribution = residualDistribution
        self.currentAccountBalance = currentAccountBalance
        self.lines = lines
    }

    /// Capital (301 / member) at the end of the year, by source.
    public var capitalFromPovertyAlleviationAssets: Money { closing.capitalFromPovertyAlleviationAssets }
    public var capitalOther: Money { closing.capitalOther }
    /// The quantified shares at the end of the year (公积金份额, 财政补助量化份额, 捐赠量化份额).
    public var reserveShare: Money { closing.reserveShare }
    public var subsidyShare: Money { closing.subsidyShare }
    public var donationShare: Money { closing.donationShare }

    public func with(distribution: Distribution, run: Int64?) -> MemberAccount {
        var account = self
        account.distribution = distribution
        account.distributionRun = run
        return account
    }

    /// The member's share of the distribution, if they have one.
    public var distributionShare: Distribution.MemberShare? {
        distribution?.members.first { $0.member == member.number }
    }
}
