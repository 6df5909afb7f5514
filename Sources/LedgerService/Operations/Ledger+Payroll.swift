import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Posts a month's payroll (工资表) from a file, all or nothing: a line naming no member or
    /// household of the cooperative is refused at its line, with every other bad line. The
    /// same key with the same payroll posts nothing again.
    public func postPayroll(path: String, month: CalendarMonth, key: ClientKey, costAccount: AccountCode = .productionCosts, in coop: CoopCode) async throws
        -> PostingOutcome
    {
        if SpreadsheetInput.isSpreadsheet(path) {
            return try await SpreadsheetInput.asCSV(path) { try await postPayroll(path: $0, month: month, key: key, costAccount: costAccount, in: coop) }
        }
        return try await postPayroll(
            try PayrollFile(reader: try Self.openCSV(path), fileName: path), named: path, month: month, key: key, costAccount: costAccount, in: coop)
    }

    /// The same, from lines typed (or a small file uploaded) on the workbench, named `NAME:N`.
    public func postPayroll(
        typed text: String, named name: String = "lines", month: CalendarMonth, key: ClientKey, costAccount: AccountCode = .productionCosts, in coop: CoopCode
    ) async throws -> PostingOutcome {
        try await postPayroll(PayrollFile(typed: text, name: name), named: name, month: month, key: key, costAccount: costAccount, in: coop)
    }

    private func postPayroll(_ file: PayrollFile, named name: String, month: CalendarMonth, key: ClientKey, costAccount: AccountCode, in coop: CoopCode)
        async throws -> PostingOutcome
    {
        let fileLines = file.fileLines
        let locate: @Sendable (Int, LedgerError) -> ImportError = { index, error in ImportError(file: name, line: fileLines[index], error) }
        if !file.errors.isEmpty {
            // The lines that parsed are checked against the books too, so one list names every fault.
            let unknown = try await read { connection in try Self.unknownPayees(file.lines, in: coop, on: connection, locate: locate) }
            throw ImportRefused(errors: Array((file.errors + unknown).sorted { $0.line < $1.line }.prefix(Limits.importErrorsMax)))
        }
        let payroll = try Payroll(month: month, lines: file.lines, costAccount: costAccount)
        return try await postPayroll(payroll, key: key, in: coop, locate: locate)
    }

    /// Posts a month's payroll: the cost debited, each person's wages credited to 212.
    public func postPayroll(_ payroll: Payroll, key: ClientKey, in coop: CoopCode) async throws -> PostingOutcome {
        try await postPayroll(payroll, key: key, in: coop) { index, error in ImportError(file: "lines", line: index + 1, error) }
    }

    private func postPayroll(
        _ payroll: Payroll, key: ClientKey, in coop: CoopCode,
        locate: @escaping @Sendable (Int, LedgerError) -> ImportError
    ) async throws -> PostingOutcome {
        let entry = try payroll.entry(key: key.rawValue)
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            try Self.requirePayees(payroll.lines, in: coop, on: connection, locate: locate)
            let payrolls = PayrollRepository(connection, coop: coop)
            let outcome = try Self.post(entry, to: coop, on: connection)
            switch outcome {
            case .posted(let id):
                try payrolls.insert(payroll, entry: id)
            case .replayed(let id):
                guard try payrolls.lines(of: id) == payroll.lines else {
                    throw LedgerError(.idempotencyConflict, field: "key", value: key.rawValue, rule: "already used by payroll entry \(id) with other lines")
                }
            }
            return outcome
        }
    }

    /// Pays what the month's payrolls still owe (212 → 102), in one entry dated `date`; nil
    /// when nothing is owed. The same key again replays the payment.
    public func payPayroll(month: CalendarMonth, date: Day, key: ClientKey, in coop: CoopCode) async throws -> PostingOutcome? {
        try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let journal = JournalRepository(connection, coop: coop)
            if let earlier = try journal.entry(withKey: key.rawValue) {
                guard earlier.entry.kind == .payrollPayment, try PayrollRepository(connection, coop: coop).paid(by: earlier.id) == month else {
                    throw LedgerError(
                        .idempotencyConflict, field: "key", value: key.rawValue, rule: "already used by entry \(earlier.id), which is not this month's payment")
                }
                return .replayed(earlier.id)
            }
            let payrolls = PayrollRepository(connection, coop: coop)
            let unpaid = try payrolls.unpaid(in: month)
            guard !unpaid.isEmpty else { return nil }
            let entry = try Payroll.payment(of: unpaid.flatMap(\.lines), month: month, date: date, key: key.rawValue)
            let outcome = try Self.post(entry, to: coop, on: connection)
            try payrolls.recordPayment(outcome.entryID, of: unpaid.map(\.entry))
            return outcome
        }
    }

    /// Refuses lines naming a member or household the cooperative does not have, each at its line.
    static func requirePayees(
        _ lines: [PayrollLine], in coop: CoopCode, on connection: Connection,
        locate: (Int, LedgerError) -> ImportError
    ) throws {
        let errors = try unknownPayees(lines, in: coop, on: connection, locate: locate)
        guard errors.isEmpty else { throw ImportRefused(errors: Array(errors.prefix(Limits.importErrorsMax))) }
    }

    static func unknownPayees(
        _ lines: [PayrollLine], in coop: CoopCode, on connection: Connection,
        locate: (Int, LedgerError) -> ImportError
    ) throws -> [ImportError] {
        let members = try MemberRepository(connection, coop: coop).existing(Set(lines.compactMap(\.payee.member)))
        let households = try HouseholdRepository(connection, coop: coop).existing(Set(lines.compactMap(\.payee.household)))
        return lines.enumerated().compactMap { index, line -> ImportError? in
            switch line.payee {
            case .member(let number) where !members.contains(number):
                locate(index, LedgerError(.unknownMember, field: "person", value: number.description, rule: "no such member in this cooperative"))
            case .household(let number) where !households.contains(number):
                locate(
                    index,
                    LedgerError(
                        .unknownHousehold, field: "person", value: number.description,
                        rule: "no such household in this cooperative; add it with `household add`"))
            default:
                nil
            }
        }
    }
}
