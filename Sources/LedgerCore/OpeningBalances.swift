/// Opening balances (期初余额) of a cooperative moving its books in: every account's
/// balance, with member detail, as of the last day of a month, balanced, after which
/// everything up to that day is closed.
///
/// On 31 December the balances are the year's end and post as one opening voucher (members'
/// subsidy and donation shares beside it as the quantifying entries they are). During a year
/// the cooperative also brings the year's cumulative debits and credits up to the date
/// (本年累计借方/贷方, as desktop programs ask), so that year's 01, 02 and 03 are right: the
/// balances at the year's start follow from them and post as the opening voucher dated 31
/// December before, and the cumulative amounts post as an entry of their own on the date.
public struct OpeningBalances: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public let line: Int
        public let account: AccountCode
        public let member: MemberNumber?
        /// The balance at the opening date: debit positive, credit negative.
        public let amount: Money
        /// The year's cumulative debits and credits up to the date (both zero or positive).
        public let yearDebits: Money
        public let yearCredits: Money
        /// 301 per member: where the capital came from.
        public let capitalSource: ContributionSource?
        /// 311 per member: a subsidy's or a donation's share.
        public let shareKind: EntryKind?

        public init(
            line: Int, account: AccountCode, member: MemberNumber?, amount: Money,
            yearDebits: Money = .zero, yearCredits: Money = .zero,
            capitalSource: ContributionSource?, shareKind: EntryKind?
        ) {
            self.line = line
            self.account = account
            self.member = member
            self.amount = amount
            self.yearDebits = yearDebits
            self.yearCredits = yearCredits
            self.capitalSource = capitalSource
            self.shareKind = shareKind
        }

        /// The balance at the year's start: the balance at the date less the year's movement.
        public func yearStart() throws(LedgerError) -> Money {
            try amount.adding(yearDebits.negated(), field: "line \(line)").adding(yearCredits, field: "line \(line)")
        }

        /// The year's movement, debit positive.
        public func yearNet() throws(LedgerError) -> Money {
            try yearDebits.adding(yearCredits.negated(), field: "line \(line)")
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

    /// Whether the opening falls during its year: then the balances at the year's start are
    /// posted on `yearStartDate` and the year's amounts on `date`.
    public var isDuringAYear: Bool { date.month != 12 }

    /// 31 December of the year before a mid-year opening; the date itself on 31 December.
    public func yearStartDate() throws(LedgerError) -> Day {
        isDuringAYear ? try Day(year: date.year - 1, month: 12, day: 31) : date
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
                throw Refusal(
                    line: line.line, error: LedgerError(.duplicate, field: "account", value: target, rule: "this balance was given at line \(first) already"))
            }
            seen[target] = line.line
            if date.month == 12, !line.yearDebits.isZero || !line.yearCredits.isZero {
                throw Refusal(
                    line: line.line,
                    error: LedgerError(
                        .invalidValue, field: "year-debit", value: "\(line.yearDebits)/\(line.yearCredits)",
                        rule: "an opening at a year's end needs only the balances; the year's cumulative amounts are for an opening during a year"))
            }
        }
        do throws(LedgerError) {
            let total = try Money.sum(lines.map(\.amount), field: "total")
            guard total.isZero else {
                throw LedgerError(
                    .unbalancedEntry, field: "total", value: total.description,
                    rule: "the balances do not balance: debits exceed credits by \(total) (negative: credits exceed debits)")
            }
            let yearDebits = try Money.sum(lines.map(\.yearDebits), field: "year-debit")
            let yearCredits = try Money.sum(lines.map(\.yearCredits), field: "year-credit")
            guard yearDebits == yearCredits else {
                throw LedgerError(
                    .unbalancedEntry, field: "year-debit", value: "\(yearDebits)/\(yearCredits)",
                    rule: "the year's cumulative debits and credits differ; every entry of the year balanced, so their sums are equal")
            }
        } catch {
            throw Refusal(line: last.line, error: error)
        }
        self.date = date
        self.lines = lines
    }
}
