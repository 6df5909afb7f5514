/// Who a payroll line pays: a member (`7`) or a non-member household (`H3`).
public enum Payee: Hashable, Sendable, CustomStringConvertible {
    case member(MemberNumber)
    case household(HouseholdNumber)

    public init(parsing text: String, field: String) throws(LedgerError) {
        if text.first == "H" || text.first == "h" {
            self = .household(try HouseholdNumber(parsing: text, field: field))
        } else {
            guard let value = MemberNumber.value(of: text) else {
                throw LedgerError(.invalidValue, field: field, value: text, rule: "a person is a member number (7) or a household number (H3)")
            }
            self = .member(MemberNumber(value))
        }
    }

    public var member: MemberNumber? {
        if case .member(let number) = self { number } else { nil }
    }

    public var household: HouseholdNumber? {
        if case .household(let number) = self { number } else { nil }
    }

    public var description: String {
        switch self {
        case .member(let number): number.description
        case .household(let number): number.description
        }
    }
}

/// One person's wages for a month.
public struct PayrollLine: Hashable, Sendable {
    public let payee: Payee
    public let amount: Money
    /// Days worked, if the payroll says.
    public let days: Int?
    public let memo: String

    public init(payee: Payee, amount: Money, days: Int? = nil, memo: String = "") throws(LedgerError) {
        guard amount.fen > 0 else {
            throw LedgerError(.invalidAmount, field: "amount", value: amount.description, rule: "wages are a positive amount")
        }
        guard amount.fen <= Limits.lineAmountMax.fen else {
            throw LedgerError(.amountOverflow, field: "amount", value: amount.description, rule: "one person's wages are at most \(Limits.lineAmountMax) yuan")
        }
        if let days, !(0...31).contains(days) {
            throw LedgerError(.invalidValue, field: "days", value: String(days), rule: "days worked in a month are 0 to 31")
        }
        self.payee = payee
        self.amount = amount
        self.days = days
        self.memo = try PayrollLine.checkedMemo(memo)
    }

    static func checkedMemo(_ memo: String) throws(LedgerError) -> String {
        guard memo.count <= Payroll.lineMemoLengthMax, !memo.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw LedgerError(
                .invalidValue, field: "memo", value: memo,
                rule: "a payroll line's memo is at most \(Payroll.lineMemoLengthMax) characters, with no control characters")
        }
        return memo
    }
}

/// A month's payroll (工资表): wages are a cost of the month, owed to each person on 212
/// 应付工资 (a member's detail account; a non-member household's line of the payroll names it,
/// the journal books it without detail, law art. 41 keeping it apart from members').
public struct Payroll: Hashable, Sendable {
    public static let lineMemoLengthMax = 200
    /// People on one payroll: one entry's lines, with the cost line.
    public static let linesMax = Limits.linesPerEntryMax - 1

    public let month: CalendarMonth
    public let lines: [PayrollLine]
    public let costAccount: AccountCode

    public init(month: CalendarMonth, lines: [PayrollLine], costAccount: AccountCode = .productionCosts) throws(LedgerError) {
        guard !lines.isEmpty else {
            throw LedgerError(.tooFewLines, field: "lines", rule: "a payroll pays at least one person")
        }
        guard lines.count <= Self.linesMax else {
            throw LedgerError(.tooManyLines, field: "lines", value: String(lines.count), rule: "a payroll has at most \(Self.linesMax) people; split it")
        }
        self.month = month
        self.lines = lines
        self.costAccount = costAccount
    }

    public func total() throws(LedgerError) -> Money { try Self.total(of: lines) }

    static func total(of lines: [PayrollLine]) throws(LedgerError) -> Money {
        var total = Money(fen: 0)
        for line in lines { total = try total.adding(line.amount, field: "amount") }
        return total
    }

    /// The month's entry, dated its last day: the cost debited, each person's wages credited.
    public func entry(key: String) throws(LedgerError) -> JournalEntry {
        try JournalEntry(
            key: key, date: month.lastDay, memo: "工资 \(month)：\(lines.count) 人",
            lines: [.debit(costAccount, try total())] + lines.map { .credit(.wagesPayable, member: $0.payee.member, $0.amount) },
            kind: .payroll
        )
    }

    /// Paying the payroll lines still owed: each person's 212 debited, the bank credited.
    public static func payment(of lines: [PayrollLine], month: CalendarMonth, date: Day, key: String) throws(LedgerError) -> JournalEntry {
        let total = try total(of: lines)
        return try JournalEntry(
            key: key, date: date, memo: "发放工资 \(month)：\(lines.count) 人",
            lines: lines.map { .debit(.wagesPayable, member: $0.payee.member, $0.amount) } + [.credit(.bankDeposits, total)],
            kind: .payrollPayment
        )
    }
}
