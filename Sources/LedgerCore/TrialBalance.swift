/// Balances per account and member detail account at a day (科目余额表, closing balances).
public struct TrialBalance: Sendable {
    public struct Line: Sendable, Hashable {
        public let account: AccountCode
        public let accountName: String
        public let member: MemberNumber?
        /// Net of the postings: positive is a debit balance, negative a credit balance.
        public let balance: Money

        public init(account: AccountCode, accountName: String, member: MemberNumber?, balance: Money) {
            self.account = account
            self.accountName = accountName
            self.member = member
            self.balance = balance
        }

        public var debit: Money { balance.isNegative ? .zero : balance }
        public var credit: Money { balance.isNegative ? Money(fen: -balance.fen) : .zero }
    }

    public let coop: CoopCode
    /// Nil: every entry booked so far.
    public let asOf: Day?
    public let lines: [Line]
    public let totalDebit: Money
    public let totalCredit: Money

    public init(coop: CoopCode, asOf: Day?, lines: [Line]) throws(LedgerError) {
        self.coop = coop
        self.asOf = asOf
        self.lines = lines
        self.totalDebit = try Money.sum(lines.map(\.debit), field: "total debit")
        self.totalCredit = try Money.sum(lines.map(\.credit), field: "total credit")
    }

    /// Double entry's promise: the debit and credit columns agree.
    public var isBalanced: Bool { totalDebit == totalCredit }
}
