import LedgerCore
import Postgres

/// A payroll's lines (who was paid what, the evidence behind its 212 credits) and which
/// payment paid it.
public struct PayrollRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func insert(_ payroll: Payroll, entry: EntryID) throws {
        for (index, line) in payroll.lines.enumerated() {
            try connection.query(
                """
                INSERT INTO payroll_lines (coop_id, entry_id, line_no, month, member_no, household_no, amount_fen, days, memo)
                VALUES (\(coop.rawValue), \(entry.value), \(index + 1), \(payroll.month.firstDay), \(line.payee.member?.value),
                        \(line.payee.household?.value), \(line.amount.fen), \(line.days), \(line.memo))
                """)
        }
    }

    /// The month's payroll entries, neither reversed nor paid by a payment still standing,
    /// each with its lines.
    public func unpaid(in month: CalendarMonth) throws -> [(entry: EntryID, lines: [PayrollLine])] {
        let rows = try connection.query(
            """
            SELECT l.entry_id, l.member_no, l.household_no, l.amount_fen, l.days, l.memo
            FROM payroll_lines l
            WHERE l.coop_id = \(coop.rawValue) AND l.month = \(month.firstDay)
              AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = l.coop_id AND r.reverses_entry_id = l.entry_id)
              AND NOT EXISTS (SELECT 1 FROM payroll_payments p
                              WHERE p.coop_id = l.coop_id AND p.payroll_entry_id = l.entry_id
                                AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = p.coop_id AND r.reverses_entry_id = p.payment_entry_id))
            ORDER BY l.entry_id, l.line_no
            """
        ).rows
        var payrolls: [(entry: EntryID, lines: [PayrollLine])] = []
        for row in rows {
            let entry = EntryID(try row.decode(Int64.self, at: 0))
            let line = try Self.line(row, from: 1)
            if payrolls.last?.entry == entry { payrolls[payrolls.count - 1].lines.append(line) } else { payrolls.append((entry, [line])) }
        }
        return payrolls
    }

    /// Whether a payment still standing paid this payroll entry.
    public func isPaid(_ payroll: EntryID) throws -> Bool {
        try connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM payroll_payments p
                           WHERE p.coop_id = \(coop.rawValue) AND p.payroll_entry_id = \(payroll.value)
                             AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = p.coop_id AND r.reverses_entry_id = p.payment_entry_id))
            """
        ).singleRow().decode(Bool.self, at: 0)
    }

    public func recordPayment(_ payment: EntryID, of payrolls: [EntryID]) throws {
        try connection.query(
            """
            INSERT INTO payroll_payments (coop_id, payment_entry_id, payroll_entry_id)
            SELECT \(coop.rawValue), \(payment.value), unnest(\(payrolls.map(\.value)))
            """)
    }

    /// The month whose payrolls a payment entry paid, if it paid any.
    public func paid(by payment: EntryID) throws -> CalendarMonth? {
        try connection.query(
            """
            SELECT min(l.month) FROM payroll_payments p JOIN payroll_lines l ON l.coop_id = p.coop_id AND l.entry_id = p.payroll_entry_id
            WHERE p.coop_id = \(coop.rawValue) AND p.payment_entry_id = \(payment.value)
            """
        ).singleRow().decode(Day?.self, at: 0).map { try CalendarMonth(of: $0) }
    }

    /// The payroll a stored entry records, if it is one.
    public func lines(of entry: EntryID) throws -> [PayrollLine] {
        try connection.query(
            """
            SELECT member_no, household_no, amount_fen, days, memo FROM payroll_lines
            WHERE coop_id = \(coop.rawValue) AND entry_id = \(entry.value) ORDER BY line_no
            """
        ).rows.map { try Self.line($0, from: 0) }
    }

    /// A line from the columns member_no, household_no, amount_fen, days, memo, from `first` on.
    static func line(_ row: Row, from first: Int) throws -> PayrollLine {
        let payee: Payee =
            if let member = try row.decode(Int32?.self, at: first) {
                .member(MemberNumber(member))
            } else {
                .household(HouseholdNumber(try row.decode(Int32.self, at: first + 1)))
            }
        return try PayrollLine(
            payee: payee, amount: Money(fen: try row.decode(Int64.self, at: first + 2)),
            days: try row.decode(Int?.self, at: first + 3), memo: try row.decode(String.self, at: first + 4))
    }
}
