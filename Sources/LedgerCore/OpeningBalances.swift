/// Opening balances (期初余额) of a cooperative moving its books in: every account's
/// balance, with member detail, as of the last day of a month, balanced, posted as one
/// opening voucher (members' subsidy and donation shares beside it as the quantifying
/// entries they are), after which everything up to that day is closed.
public struct OpeningBalances: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let line: Int
        public let account: AccountCode
        public let member: MemberNumber?
        /// Debit positive, credit negative.
        public let amount: Money
        /// 301 per member: where the capital came from.
        public let capitalSource: ContributionSource?
        /// 311 per member: a subsidy's or a donation's share.
        public let shareKind: EntryKind?

        public init(line: Int, account: AccountCode, member: MemberNumber?, amount: Money, capitalSource: ContributionSource?, shareKind: EntryKind?) {
            self.line = line
            self.account = account
            self.member = member
            self.amount = amount
            self.capitalSource = capitalSource
            self.shareKind = shareKind
        }
    }

    public let date: Day
    public let lines: [Line]

    /// A refusal of one line of the balances (for the whole, the last line).
    public struct Refusal: Error, Sendable {
        public let line: Int
        public let error: LedgerError
    }

    public static func requireMonthEnd(_ date: Day) throws(LedgerError) {
        guard date.day == Day.daysInMonth(year: date.year, month: date.month) else {
            throw LedgerError(.invalidDate, field: "date", value: date.description, rule: "opening balances are as of the last day of a month")
        }
    }

    /// One line per account and member: an opening is read from a trial balance.
    public init(date: Day, lines: [Line]) throws(Refusal) {
        do throws(LedgerError) {
            try Self.requireMonthEnd(date)
        } catch {
            throw Refusal(line: 0, error: error)
        }
        guard let last = lines.last else {
            throw Refusal(line: 1, error: LedgerError(.tooFewLines, field: "lines", rule: "the file has no balances"))
        }
        var seen: [String: Int] = [:]
        for line in lines {
            let target = line.member.map { "\(line.account):\($0)" } ?? line.account.rawValue
            if let first = seen[target] {
                throw Refusal(line: line.line, error: LedgerError(.duplicate, field: "account", value: target, rule: "this balance was given at line \(first) already"))
            }
            seen[target] = line.line
        }
        do throws(LedgerError) {
            let total = try Money.sum(lines.map(\.amount), field: "total")
            guard total.isZero else {
                throw LedgerError(.unbalancedEntry, field: "total", value: total.description,
                                  rule: "the balances do not balance: debits exceed credits by \(total) (negative: credits exceed debits)")
            }
        } catch {
            throw Refusal(line: last.line, error: error)
        }
        self.date = date
        self.lines = lines
    }
}
