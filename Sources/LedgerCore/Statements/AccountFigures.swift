/// Balances and movements of the accounts, as the statement builders read them.
public struct AccountFigures: Sendable {
    public struct Figure: Sendable, Equatable {
        /// Net (debit positive) before the period.
        public var opening: Money
        /// Debits and credits (both positive) in the period.
        public var debits: Money
        public var credits: Money

        public init(opening: Money, debits: Money, credits: Money) {
            self.opening = opening
            self.debits = debits
            self.credits = credits
        }

        /// Net (debit positive) at the end of the period.
        public func checkedClosing() throws(LedgerError) -> Money {
            try opening.adding(debits, field: "closing").adding(credits.negated(), field: "closing")
        }
    }

    /// 114 成员往来's member lines: the debit balances and the credit balances summed
    /// apart (应收款项 / 应付款项).
    public struct MemberSplit: Sendable, Equatable {
        public var receivables: Money
        public var payables: Money

        public init(receivables: Money = .zero, payables: Money = .zero) {
            self.receivables = receivables
            self.payables = payables
        }

        /// Adds one member line's net (debit positive) to its side.
        public mutating func add(_ net: Money) throws(LedgerError) {
            if net.isNegative {
                payables = try payables.adding(net.negated(), field: "payables")
            } else {
                receivables = try receivables.adding(net, field: "receivables")
            }
        }
    }

    /// By account code, members summed.
    public let accounts: [AccountCode: Figure]
    /// 114 at the start and at the end of the period.
    public let openingMemberSplit: MemberSplit
    public let closingMemberSplit: MemberSplit

    public init(accounts: [AccountCode: Figure], openingMemberSplit: MemberSplit, closingMemberSplit: MemberSplit) {
        self.accounts = accounts
        self.openingMemberSplit = openingMemberSplit
        self.closingMemberSplit = closingMemberSplit
    }

    /// A cooperative that has posted nothing yet.
    public static let empty = AccountFigures(accounts: [:], openingMemberSplit: MemberSplit(), closingMemberSplit: MemberSplit())

    public var memberReceivables: Money { closingMemberSplit.receivables }
    public var memberPayables: Money { closingMemberSplit.payables }

    public enum Moment: Sendable { case opening, closing }

    /// The balances at one moment: the start of the period or its end.
    public struct Snapshot: Sendable {
        let figures: AccountFigures
        let moment: Moment

        func balance(_ figure: Figure) throws(LedgerError) -> Money {
            try moment == .opening ? figure.opening : figure.checkedClosing()
        }

        /// Net (debit positive) of the accounts.
        public func net(_ codes: [AccountCode]) throws(LedgerError) -> Money {
            var total = Money.zero
            for code in codes {
                if let figure = figures.accounts[code] { total = try total.adding(try balance(figure), field: code.rawValue) }
            }
            return total
        }

        public var memberReceivables: Money { (moment == .opening ? figures.openingMemberSplit : figures.closingMemberSplit).receivables }
        public var memberPayables: Money { (moment == .opening ? figures.openingMemberSplit : figures.closingMemberSplit).payables }

        /// The profit-and-loss accounts' net (debit positive) not yet closed into 331.
        public var unclosedProfitAndLoss: Money {
            get throws(LedgerError) { try net(figures.accounts.keys.filter { $0.rawValue.hasPrefix("5") }) }
        }
    }

    public func snapshot(_ moment: Moment) -> Snapshot { Snapshot(figures: self, moment: moment) }

    /// Net (debit positive) of the accounts at the end of the period.
    public func closing(_ codes: [AccountCode]) throws(LedgerError) -> Money { try snapshot(.closing).net(codes) }
}

/// Debits and credits of an account over some days, both positive.
public struct Movements: Sendable, Equatable {
    public var debits: Money
    public var credits: Money

    public init(debits: Money, credits: Money) {
        self.debits = debits
        self.credits = credits
    }

    public static let zero = Movements(debits: .zero, credits: .zero)
}
