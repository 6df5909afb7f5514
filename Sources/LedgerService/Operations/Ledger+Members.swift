import Foundation
import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// A member pays in capital (出资): 102 / 301 member, recorded with its source.
    public func contribute(member: MemberNumber, amount: Money, source: ContributionSource, date: Day, key: ClientKey, in coop: CoopCode) async throws
        -> PostingOutcome
    {
        guard amount.fen > 0 else {
            throw LedgerError(.invalidAmount, field: "amount", value: amount.description, rule: "a contribution is more than zero")
        }
        let sourceText = source == .povertyAlleviationAssets ? "扶贫项目资产量化" : "现金"
        let entry = try JournalEntry(
            key: key.rawValue, date: date, memo: "成员出资 成员\(member)（\(sourceText)）",
            lines: [
                .debit(AccountCode.bankDeposits, amount), .credit(AccountCode.shareCapital, member: member, amount),
            ], kind: .capitalContribution)
        return try await writeRetryingOnKeyRace { connection in
            let outcome = try Self.post(entry, to: coop, on: connection)
            try ContributionRepository(connection, coop: coop).insert(member: member, source: source, entry: outcome.entryID)
            return outcome
        }
    }

    /// The member's account (成员账户) for a year.
    public func memberAccount(_ number: MemberNumber, year: Int, in coop: CoopCode) async throws -> MemberAccount {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            guard let member = try MemberRepository(connection, coop: coop).find(number) else {
                throw LedgerError(.unknownMember, field: "member", value: number.description, rule: "no such member in this cooperative")
            }
            let account = try MemberAccountQuery(connection, coop: coop).run(member: member, year: year)
            if let run = try DistributionRunRepository(connection, coop: coop).posted(year: year) {
                return account.with(distribution: run.distribution, run: run.id)
            }
            return account.with(distribution: try Self.computeDistribution(year: year, coop: coop, on: connection), run: nil)
        }
    }

    /// Registers a member roll all or nothing, streaming: rows are read and written one at
    /// a time inside one transaction; one bad row (named by its line) and none is written.
    public func importMembers(path: String, to coop: CoopCode, progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }) async throws -> (
        created: Int, alreadyPresent: Int
    ) {
        if SpreadsheetInput.isSpreadsheet(path) {
            return try await SpreadsheetInput.asCSV(path) { try await importMembers(path: $0, to: coop, progress: progress) }
        }
        return try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let rows = try RollImport.MemberRows(reader: try Self.openCSV(path), fileName: path)
            let repository = MemberRepository(connection, coop: coop)
            var created = 0
            var present = 0
            var meter = ProgressClock(report: progress)
            while let (line, member) = try rows.next() {
                do {
                    if let existing = try repository.find(member.number) {
                        guard existing == member else {
                            throw LedgerError(
                                .duplicate, field: "number", value: member.number.description,
                                rule: "member \(member.number) exists already, with other details")
                        }
                        present += 1
                    } else {
                        try repository.insert(member)
                        created += 1
                    }
                } catch let error as LedgerError {
                    throw ImportRefused(errors: [ImportError(file: path, line: line, error)])
                }
                meter.tick(lines: created + present, bytes: rows.bytesRead)
            }
            return (created, present)
        }
    }

    static func openCSV(_ path: String) throws -> CSVReader {
        CSVReader(handle: try openInput(path))
    }

    static func requireMember(_ number: MemberNumber, in coop: CoopCode, on connection: Connection, field: String = "member") throws {
        guard try !MemberRepository(connection, coop: coop).existing([number]).isEmpty else {
            throw LedgerError(.unknownMember, field: field, value: number.description, rule: "no such member in this cooperative")
        }
    }
}
