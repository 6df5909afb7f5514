import Foundation
import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// Retries that always finish (issue 24): an import into tables whose every row died, and a
/// re-import of the same 100,000 entries. Each runs under a watchdog, so a plan that turns
/// quadratic fails the test instead of hanging CI; `bench/import.sh` prints the times.
@Suite(.serialized) struct ImportRetryTests {
    /// Far beyond either import here (seconds each when linear, hours when not).
    static let watchdog: Duration = .seconds(600)

    struct Hung: Error, CustomStringConvertible {
        let description: String
    }

    /// `work`, or a failure once the watchdog runs out.
    func finishing<Result: Sendable>(_ what: String, _ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: Self.watchdog)
                return nil
            }
            guard let first = try await group.next(), let result = first else {
                group.cancelAll()
                throw Hung(description: "\(what) did not finish within \(Self.watchdog)")
            }
            group.cancelAll()
            return result
        }
    }

    /// Two-line entries k1…kN, each for one of members 1–3.
    func journal(entries: Int) -> String {
        var text = "key,date,memo,account,member,debit,credit\n"
        text.reserveCapacity(entries * 70)
        for i in 1...entries {
            text += "k\(i),2026-03-01,slip \(i),121,,1.00,\nk\(i),2026-03-01,,114,\(i % 3 + 1),,1.00\n"
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("retry-\(UUID().uuidString).csv").path
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    /// Killed imports, built exactly: entries, lines, numbers and hash links written, then
    /// rolled back, and the tables analyzed with none of their rows alive.
    func leaveDeadRows(_ fixture: LedgerFixture, entries: Int) throws {
        let connection = try fixture.database.connect(actingAs: "system")
        try connection.execute(
            unsafeSQL: """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key)
                SELECT 'test-coop', g, '2026-03-01', 'dead-' || g FROM generate_series(1000001, \(1_000_000 + entries)) g;
                INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind)
                SELECT 'test-coop', g, l, CASE l WHEN 1 THEN '121' ELSE '114' END, CASE l WHEN 1 THEN NULL ELSE 1 END,
                       CASE l WHEN 1 THEN 100 ELSE -100 END, '2026-03-01', 'general'
                FROM generate_series(1000001, \(1_000_000 + entries)) g, generate_series(1, 2) l;
                SET CONSTRAINTS commit_checks_run IMMEDIATE;
                ROLLBACK;
                ANALYZE journal_entries; ANALYZE postings; ANALYZE entry_hashes; ANALYZE voucher_numbers;
                """)
        let empty = try connection.query(
            """
            SELECT count(*) FROM pg_class WHERE relname IN ('journal_entries', 'postings', 'entry_hashes', 'voucher_numbers')
              AND relpages > 0 AND reltuples = 0
            """
        ).singleRow().decode(Int64.self, at: 0)
        #expect(empty == 4, "the condition of a retry after killed imports: pages, and no live rows")
    }

    @Test func anImportIntoTablesWhoseRowsAllDiedFinishes() async throws {
        try await LedgerFixture.with { fixture in
            try leaveDeadRows(fixture, entries: 30_000)
            let path = journal(entries: 30_000)
            let ledger = fixture.ledger, coop = fixture.coop
            let summary = try await finishing("the retried import") {
                try await ledger.importJournal(path: path, format: .csv, into: coop, options: ImportOptions())
            }
            #expect(summary.posted == 30_000)
            #expect(try fixture.entryCount() == 30_000)
        }
    }

    @Test func aSecondImportOfTheSame100000EntriesSkipsThemAll() async throws {
        try await LedgerFixture.with { fixture in
            let path = journal(entries: 100_000)
            let ledger = fixture.ledger, coop = fixture.coop
            let first = try await ledger.importJournal(path: path, format: .csv, into: coop, options: ImportOptions())
            #expect(first.posted == 100_000)
            let again = try await finishing("the identical re-import") {
                try await ledger.importJournal(path: path, format: .csv, into: coop, options: ImportOptions())
            }
            #expect(again.posted == 0 && again.skipped == 100_000)
            #expect(try fixture.entryCount() == 100_000)
        }
    }
}

extension ImportRetryTests {
    /// An import that meets another holding its keys waits `--lock-timeout`, then stops with a
    /// clear error and nothing written (issue 24).
    @Test func anImportWaitsForALockNoLongerThanItWasTold() async throws {
        try await LedgerFixture.with { fixture in
            let holder = try fixture.database.connect(actingAs: "system")
            try holder.execute(
                unsafeSQL: """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('test-coop', 9000, '2026-03-01', 'k1');
                    """)
            let path = journal(entries: 3)
            var waitingOneSecond = ImportOptions()
            waitingOneSecond.lockWaitSeconds = 1
            let ledger = fixture.ledger, coop = fixture.coop, options = waitingOneSecond
            do {
                _ = try await finishing("the import waiting for a lock") {
                    try await ledger.importJournal(path: path, format: .csv, into: coop, options: options)
                }
                Issue.record("imported while another transaction held key k1")
            } catch let refused as ImportRefused {
                #expect(refused.errors.first?.description.contains("waited 1 s for a lock") == true, "\(refused.errors)")
            }
            try holder.execute(unsafeSQL: "ROLLBACK")
            #expect(try fixture.entryCount() == 0)
        }
    }

    /// An import meeting another writer of the same books (here a session holding the chain
    /// lock, as an import posting or a year being closed does) says on its progress line that
    /// it is waiting, and posts once the books are free.
    @Test func anImportWaitingForTheBooksSaysSoThenPosts() async throws {
        try await LedgerFixture.with { fixture in
            let holder = try fixture.database.connect(actingAs: "system")
            try holder.execute(unsafeSQL: "BEGIN; SELECT lock_chain('test-coop');")
            let path = journal(entries: 3)
            let waits = Waits()
            let ledger = fixture.ledger, coop = fixture.coop
            let importing = Task {
                try await ledger.importJournal(path: path, format: .csv, into: coop, options: ImportOptions()) { progress in
                    if let waited = progress.waitingForLock { waits.record(waited) }
                }
            }
            try await Task.sleep(for: .seconds(3))
            try holder.execute(unsafeSQL: "COMMIT")
            let summary = try await importing.value
            #expect(summary.posted == 3)
            #expect(waits.count >= 2, "the progress line said it was waiting each second")
            #expect(try fixture.entryCount() == 3)
        }
    }
}

extension ImportRetryTests {
    /// Books held past `--lock-timeout`: the wait ends with the clear error, nothing written.
    @Test func anImportWaitingForTheBooksGivesUpWhenTold() async throws {
        try await LedgerFixture.with { fixture in
            let holder = try fixture.database.connect(actingAs: "system")
            try holder.execute(unsafeSQL: "BEGIN; SELECT lock_chain('test-coop');")
            var waitingTwoSeconds = ImportOptions()
            waitingTwoSeconds.lockWaitSeconds = 2
            let ledger = fixture.ledger, coop = fixture.coop, options = waitingTwoSeconds, path = journal(entries: 3)
            await #expect(throws: ImportRefused.self) {
                try await ledger.importJournal(path: path, format: .csv, into: coop, options: options)
            }
            try holder.execute(unsafeSQL: "ROLLBACK")
            #expect(try fixture.entryCount() == 0)
        }
    }
}

/// The waits an import's progress reported.
private final class Waits: @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [Duration] = []
    func record(_ waited: Duration) { lock.withLock { waits.append(waited) } }
    var count: Int { lock.withLock { waits.count } }
}
