import LedgerStore
import Postgres
import Testing
import TestSupport

/// The database refuses broken books by itself, whatever SQL a client sends.
@Suite struct JournalInvariantTests {
    /// A cooperative with member 7, and one committed, balanced entry (id 1).
    func seeded(_ database: TestDatabase) throws -> Connection {
        let connection = try database.connect(actingAs: "system")
        try connection.execute(
            unsafeSQL: """
                INSERT INTO cooperatives (coop_id, name) VALUES ('c1', '测试合作社');
                INSERT INTO members (coop_id, member_no, name) VALUES ('c1', 7, '张三');
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 1, '2026-03-01', 'k1');
                INSERT INTO postings VALUES ('c1', 1, 1, '102', NULL, 100000, '2026-03-01', 'general'), ('c1', 1, 2, '301', 7, -100000, '2026-03-01', 'general');
                COMMIT;
                """)
        return connection
    }

    func refusal(_ connection: Connection, _ sql: String) -> PostgresError? {
        do {
            try connection.execute(unsafeSQL: sql)
            return nil
        } catch {
            try? connection.execute(unsafeSQL: "ROLLBACK")
            return error
        }
    }

    func count(_ connection: Connection, _ table: String) throws -> Int64 {
        try connection.query(Query(unsafeSQL: "SELECT count(*) FROM \(table)")).singleRow().decode(Int64.self, at: 0)
    }

    @Test func chartIsSeededForEachCooperative() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            try connection.execute(unsafeSQL: "INSERT INTO cooperatives (coop_id, name) VALUES ('c2', 'Other')")
            let perCoop = try connection.query("SELECT count(*) FILTER (WHERE coop_id = 'c1'), count(*) FILTER (WHERE coop_id = 'c2') FROM accounts")
                .singleRow()
            #expect(try perCoop.decode(Int64.self, at: 0) == 51)
            #expect(try perCoop.decode(Int64.self, at: 1) == 51)
        }
    }

    @Test func unbalancedEntryIsRefusedAtCommit() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let error = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k2');
                INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 1000, '2026-03-01', 'general'), ('c1', 2, 2, '301', 7, -999, '2026-03-01', 'general');
                COMMIT;
                """)
            #expect(error?.sqlState == DatabaseRefusal.unbalanced)
            #expect(try count(connection, "journal_entries") == 1)
            #expect(try count(connection, "postings") == 2)
        }
    }

    @Test func entryWithOneLineIsRefusedAtCommit() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let error = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k2');
                COMMIT;
                """)
            #expect(error?.sqlState == DatabaseRefusal.unbalanced)
            #expect(try count(connection, "journal_entries") == 1)
        }
    }

    @Test func updateAndDeleteOnTheJournalFail() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            for statement in [
                "UPDATE postings SET amount = 0", "DELETE FROM postings", "UPDATE journal_entries SET memo = 'x'",
                "DELETE FROM journal_entries", "TRUNCATE postings", "TRUNCATE journal_entries CASCADE",
            ] {
                #expect(refusal(connection, statement)?.sqlState == DatabaseRefusal.appendOnly, "\(statement)")
            }
            #expect(try connection.query("SELECT sum(abs(amount))::bigint FROM postings").singleRow().decode(Int64.self, at: 0) == 200_000)
        }
    }

    @Test func committedEntryNeverGainsLines() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let error = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO postings VALUES ('c1', 1, 3, '102', NULL, 5, '2026-03-01', 'general'), ('c1', 1, 4, '101', NULL, -5, '2026-03-01', 'general');
                COMMIT;
                """)
            #expect(error?.sqlState == DatabaseRefusal.outsideEntryTransaction)
            #expect(try count(connection, "postings") == 2)
        }
    }

    @Test func postingsMustCarryTheirEntrysDateAndKind() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            for (date, kind) in [("2026-03-02", "general"), ("2026-03-01", "purchase")] {
                let error = refusal(
                    connection,
                    """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k2');
                    INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 5, '\(date)', '\(kind)'), ('c1', 2, 2, '101', NULL, -5, '\(date)', '\(kind)');
                    COMMIT;
                    """)
                #expect(error?.sqlState == DatabaseRefusal.outsideEntryTransaction, "\(date) \(kind)")
            }
            #expect(try count(connection, "journal_entries") == 1)
        }
    }

    @Test func postingsMustNameARealPostableAccountAndTheRightMember() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let cases: [(String, String?)] = [("999", "NULL"), ("332", "NULL"), ("114", "NULL"), ("102", "7"), ("114", "8")]
            for (index, (account, member)) in cases.enumerated() {
                let id = 10 + index
                let error = refusal(
                    connection,
                    """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', \(id), '2026-03-01', 'bad\(id)');
                    INSERT INTO postings VALUES ('c1', \(id), 1, '101', NULL, 5, '2026-03-01', 'general'), ('c1', \(id), 2, '\(account)', \(member ?? "NULL"), -5, '2026-03-01', 'general');
                    COMMIT;
                    """)
                #expect(error?.sqlState == DatabaseRefusal.invalidPosting, "account \(account) member \(member ?? "none")")
            }
            #expect(try count(connection, "journal_entries") == 1)
        }
    }

    @Test func linesAddedAfterTheCommitChecksRanAreRefused() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let error = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k2');
                INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 1000, '2026-03-01', 'general'), ('c1', 2, 2, '301', 7, -1000, '2026-03-01', 'general');
                SET CONSTRAINTS ALL IMMEDIATE;
                INSERT INTO postings VALUES ('c1', 2, 3, '102', NULL, 5, '2026-03-01', 'general');
                COMMIT;
                """)
            #expect(error?.sqlState == DatabaseRefusal.outsideEntryTransaction)
            #expect(try count(connection, "journal_entries") == 1)
            #expect(refusal(connection, "DELETE FROM periods")?.sqlState == DatabaseRefusal.recordProtected)
        }
    }

    @Test func entryWaitingOnAYearBeingClosedIsRefusedOnceTheCloseCommits() async throws {
        try await TestDatabase.withFresh { database in
            let closer = try seeded(database)
            try closer.execute(unsafeSQL: "BEGIN; UPDATE periods SET closed_at = now() WHERE coop_id = 'c1' AND year = 2026;")
            let url = database.adminURL
            let name = database.name
            let poster = Task.detached { () -> String? in
                let connection = try Connection(url: url, database: name)
                try connection.query("SELECT set_config('coopledger.actor', 'system', false)")
                do {
                    try connection.execute(
                        unsafeSQL: """
                            BEGIN;
                            INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-06-01', 'late');
                            INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 1000, '2026-06-01', 'general'), ('c1', 2, 2, '301', 7, -1000, '2026-06-01', 'general');
                            COMMIT;
                            """)
                    return nil
                } catch let error as PostgresError {
                    return error.sqlState?.code
                }
            }
            try await Task.sleep(for: .milliseconds(300)) // the poster now waits on the period row
            try closer.execute(unsafeSQL: "COMMIT")
            #expect(try await poster.value == DatabaseRefusal.periodClosed.code)
            #expect(try count(closer, "journal_entries") == 1)
        }
    }

    @Test func entryInAClosedYearIsRefused() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            try connection.execute(unsafeSQL: "UPDATE periods SET closed_at = now() WHERE coop_id = 'c1' AND year = 2026")
            let error = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-12-31', 'k2');
                INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 1000, '2026-12-31', 'general'), ('c1', 2, 2, '301', 7, -1000, '2026-12-31', 'general');
                COMMIT;
                """)
            #expect(error?.sqlState == DatabaseRefusal.periodClosed)
            #expect(
                refusal(
                    connection,
                    """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 3, '2027-01-01', 'k3');
                    INSERT INTO postings VALUES ('c1', 3, 1, '102', NULL, 1000, '2027-01-01', 'general'), ('c1', 3, 2, '301', 7, -1000, '2027-01-01', 'general');
                    COMMIT;
                    """) == nil)
        }
    }

    @Test func reversalMustNegateTheOriginalAndHappensAtMostOnce() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let wrongLines = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, reverses_entry_id, kind) VALUES ('c1', 2, '2026-03-02', 'r1', 1, 'reversal');
                INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, -90000, '2026-03-02', 'general'), ('c1', 2, 2, '301', 7, 90000, '2026-03-02', 'general');
                COMMIT;
                """)
            #expect(wrongLines?.sqlState == DatabaseRefusal.invalidReversal)
            #expect(
                refusal(
                    connection,
                    """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, reverses_entry_id, kind) VALUES ('c1', 3, '2026-03-02', 'r2', 1, 'reversal');
                    INSERT INTO postings VALUES ('c1', 3, 1, '301', 7, 100000, '2026-03-02', 'general'), ('c1', 3, 2, '102', NULL, -100000, '2026-03-02', 'general');
                    COMMIT;
                    """) == nil)
            let second = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, reverses_entry_id, kind) VALUES ('c1', 4, '2026-03-03', 'r3', 1, 'reversal');
                INSERT INTO postings VALUES ('c1', 4, 1, '301', 7, 100000, '2026-03-03', 'general'), ('c1', 4, 2, '102', NULL, -100000, '2026-03-03', 'general');
                COMMIT;
                """)
            #expect(second?.constraint == "journal_entries_reversed_once")
            let netted = try connection.query(
                "SELECT count(*) FROM (SELECT account_code, member_no FROM postings GROUP BY 1, 2 HAVING sum(amount) <> 0) AS open_balances"
            )
            .singleRow().decode(Int64.self, at: 0)
            #expect(netted == 0)
        }
    }

    @Test func aKindNeverReversedIsNotReversedByRawSQL() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            try connection.execute(
                unsafeSQL: """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind) VALUES ('c1', 2, '2026-03-31', 'd1', 'depreciation');
                    INSERT INTO postings VALUES ('c1', 2, 1, '521', NULL, 5000, '2026-03-31', 'depreciation'), ('c1', 2, 2, '102', NULL, -5000, '2026-03-31', 'depreciation');
                    COMMIT;
                    """)
            let reversed = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, reverses_entry_id, kind) VALUES ('c1', 3, '2026-04-01', 'r1', 2, 'reversal');
                INSERT INTO postings VALUES ('c1', 3, 1, '521', NULL, -5000, '2026-04-01', 'depreciation'), ('c1', 3, 2, '102', NULL, 5000, '2026-04-01', 'depreciation');
                COMMIT;
                """)
            #expect(reversed?.sqlState == DatabaseRefusal.invalidPosting)
            #expect(reversed?.message.contains("never reversed") == true, "\(String(describing: reversed))")
        }
    }

    @Test func idempotencyKeyIsUniquePerCooperative() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let error = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k1');
                INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 1000, '2026-03-01', 'general'), ('c1', 2, 2, '301', 7, -1000, '2026-03-01', 'general');
                COMMIT;
                """)
            #expect(error?.constraint == "journal_entries_key_unique")
            try connection.execute(unsafeSQL: "INSERT INTO cooperatives (coop_id, name) VALUES ('c2', 'Other')")
            #expect(
                refusal(
                    connection,
                    """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c2', 3, '2026-03-01', 'k1');
                    INSERT INTO postings VALUES ('c2', 3, 1, '102', NULL, 1000, '2026-03-01', 'general'), ('c2', 3, 2, '501', NULL, -1000, '2026-03-01', 'general');
                    COMMIT;
                    """) == nil)
        }
    }

    @Test func memberWithPostingsCannotBeDeleted() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            #expect(refusal(connection, "DELETE FROM members WHERE member_no = 7")?.sqlState == DatabaseRefusal.recordProtected)
            #expect(refusal(connection, "UPDATE accounts SET member_rule = 'none' WHERE code = '301'")?.sqlState == DatabaseRefusal.recordProtected)
        }
    }
}
