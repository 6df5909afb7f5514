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
    /// `lines` with a subtotal after each account's member detail lines.
    public let rows: [Row]
    /// The hash chain head the balances were read with (the same snapshot), in hex.
    public var chainHead: String?

    public init(coop: CoopCode, asOf: Day?, lines: [Line]) throws(LedgerError) {
        self.coop = coop
        self.asOf = asOf
        self.lines = lines
        self.totalDebit = try Money.sum(lines.map(\.debit), field: "total debit")
        self.totalCredit = try Money.sum(lines.map(\.credit), field: "total credit")
        self.rows = try Self.rowsWithSubtotals(lines)
    }

    /// A printed row: a line, or an account's subtotal over its lines (after its member
    /// lines), debits and credits summed apart. Subtotals are never in the totals.
    public struct Row: Sendable, Hashable {
        public let account: AccountCode
        public let accountName: String
        public let member: MemberNumber?
        public let debit: Money
        public let credit: Money
        public let isSubtotal: Bool
    }

    /// The lines, each account with member detail lines followed by its subtotal.
    static func rowsWithSubtotals(_ lines: [Line]) throws(LedgerError) -> [Row] {
        var rows: [Row] = []
        var index = lines.startIndex
        while index < lines.endIndex {
            let account = lines[index].account
            let end = lines[index...].firstIndex { $0.account != account } ?? lines.endIndex
            let group = lines[index..<end]
            rows += group.map {
                Row(account: $0.account, accountName: $0.accountName, member: $0.member, debit: $0.debit, credit: $0.credit, isSubtotal: false)
            }
            if group.contains(where: { $0.member != nil }) {
                rows.append(
                    Row(
                        account: account, accountName: lines[index].accountName, member: nil,
                        debit: try Money.sum(group.map(\.debit), field: "subtotal debit \(account)"),
                        credit: try Money.sum(group.map(\.credit), field: "subtotal credit \(account)"), isSubtotal: true))
            }
            index = end
        }
        return rows
    }

    /// Double entry's promise: the debit and credit columns agree.
    public var isBalanced: Bool { totalDebit == totalCredit }
}
