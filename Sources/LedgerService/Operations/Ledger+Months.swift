import LedgerCore
import LedgerStore
import Postgres

/// Months close (结账) within a year, in order; nothing is dated in or before a closed
/// month afterwards. The database keeps the same rules (013_months.sql).
extension Ledger {
    static let closingMonths: Set<PersonRole> = [.approver, .admin]

    public func closeMonth(_ month: CalendarMonth, of coop: CoopCode) async throws -> CreateOutcome {
        try await withMonth(month, of: coop, to: "close months") { periods, connection in
            try Self.requireDepreciated(through: month, in: coop, on: connection)
            if let open = try periods.firstOpenMonthWithEntries(before: month) {
                throw LedgerError(
                    .periodOrder, field: "month", value: month.description,
                    rule: "\(open) has entries and is open; months close in order (period close --month \(open) first)")
            }
            return try periods.close(month: month) ? .created : .alreadyPresent
        }
    }

    /// Opens a closed month again, for a correction dated in it; refused while a later
    /// month of the year is closed, or the year is.
    public func reopenMonth(_ month: CalendarMonth, of coop: CoopCode) async throws -> Bool {
        try await withMonth(month, of: coop, to: "reopen months") { periods, _ in
            if let closed = try periods.latestClosedMonth(inYear: month.year), closed > month {
                throw LedgerError(.periodOrder, field: "month", value: month.description, rule: "\(closed) is closed; reopen that month first")
            }
            return try periods.reopen(month: month)
        }
    }

    /// Runs `change` with the books locked (posters wait; of two closers the second sees the
    /// first's work), once the acting person may and the month is one that closes by itself.
    private func withMonth<Result: Sendable>(
        _ month: CalendarMonth, of coop: CoopCode, to action: String,
        _ change: @escaping @Sendable (PeriodRepository, Connection) throws -> Result
    ) async throws -> Result {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: Self.closingMonths, in: coop, to: action, on: connection)
            let periods = PeriodRepository(connection, coop: coop)
            try periods.lockBooks()
            guard month.month < 12 else {
                throw LedgerError(
                    .periodOrder, field: "month", value: month.description,
                    rule: "December closes with its year, after the year-end entries: dividend post --year \(month.year), or period close --year \(month.year)")
            }
            if try periods.isClosed(year: month.year) {
                throw LedgerError(
                    .periodOrder, field: "month", value: month.description,
                    rule: "the year \(month.year) is closed; its months close and reopen with it")
            }
            return try change(periods, connection)
        }
    }
}
