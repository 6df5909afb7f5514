/// A member's account for one year (成员账户, law art. 43): everything the law says a
/// member's account shows, each figure from the journal.
public struct MemberAccount: Sendable, Equatable {
    /// One product the cooperative bought from the member during the year.
    public struct ProductDealings: Sendable, Equatable {
        public let product: String
        public let quantity: Weight
        public let marketValue: Money
        public let amount: Money
        /// What the premium over the market price put in the member's hands.
        public var premium: Money { Money(fen: amount.fen - marketValue.fen) }

        public init(product: String, quantity: Weight, marketValue: Money, amount: Money) {
            self.product = product
            self.quantity = quantity
            self.marketValue = marketValue
            self.amount = amount
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
    /// Capital (301 / member) at the end of the year, by source.
    public let capitalFromPovertyAlleviationAssets: Money
    public let capitalOther: Money
    /// Quantified shares of the reserve and of state subsidies and donations; zero until
    /// the surplus distribution quantifies them.
    public let reserveShare: Money
    public let subsidyAndDonationShare: Money
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
    /// The year's distribution, to explain the member's shares: the posted run (with its
    /// id), or a preview when none is posted yet.
    public private(set) var distribution: Distribution?
    public private(set) var distributionRun: Int64?

    public init(member: Member, year: Int, capitalFromPovertyAlleviationAssets: Money, capitalOther: Money, reserveShare: Money,
                subsidyAndDonationShare: Money, products: [ProductDealings], landFeesAccrued: Money, landFeesPaid: Money,
                loanEquity: [LoanEquityLine], patronageRefund: Money, residualDistribution: Money, currentAccountBalance: Money) {
        self.member = member
        self.year = year
        self.capitalFromPovertyAlleviationAssets = capitalFromPovertyAlleviationAssets
        self.capitalOther = capitalOther
        self.reserveShare = reserveShare
        self.subsidyAndDonationShare = subsidyAndDonationShare
        self.products = products
        self.landFeesAccrued = landFeesAccrued
        self.landFeesPaid = landFeesPaid
        self.loanEquity = loanEquity
        self.patronageRefund = patronageRefund
        self.residualDistribution = residualDistribution
        self.currentAccountBalance = currentAccountBalance
    }

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
