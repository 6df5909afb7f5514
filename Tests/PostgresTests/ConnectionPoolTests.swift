import Foundation
import Logging
import Synchronization
import Postgres
import Testing
import TestSupport

@Suite struct ConnectionPoolTests {
    @Test func poolHandsOutAtMostItsMaximumUnderConcurrentUse() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let applicationName = "pool-bound-test"
            let pool = database.pool(maximumConnections: 3, applicationName: applicationName)
            // The first bodies wait until three run at once, so the pool must really hand
            // out its three connections (and the server sees them) before any returns.
            let started = Counter()
            let serverSideMaximum = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            started.increment()
                            let deadline = ContinuousClock.now + .seconds(10)
                            while started.value < 3, ContinuousClock.now < deadline { usleep(1_000) }
                            return try connection.query(
                                """
                                SELECT count(*) FROM pg_stat_activity WHERE application_name = \(applicationName)
                                """
                            ).singleRow().decode(Int64.self, at: 0)
                        }
                    }
                }
                return try await group.reduce(0) { max($0, $1) }
            }
            let statistics = pool.statistics
            #expect(statistics.peakInUse == 3)
            #expect(statistics.open <= 3)
            #expect(serverSideMaximum == 3)
            #expect(statistics.inUse == 0 && statistics.waiting == 0)
            await pool.close()
            #expect(pool.statistics.open == 0)
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { _ in 1 }
            }
        }
    }

    @Test func connectionLeftInsideATransactionIsRolledBackBeforeReuse() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let pool = database.pool(maximumConnections: 1)
            try await pool.withConnection { try $0.query("CREATE TABLE t (n integer)") }
            try await pool.withConnection { connection in
                try connection.execute(unsafeSQL: "BEGIN")
                try connection.query("INSERT INTO t VALUES (1)")
            }
            let count = try await pool.withConnection { connection in
                (connection.isInTransaction, try connection.query("SELECT count(*) FROM t").singleRow().decode(Int64.self, at: 0))
            }
            #expect(count.0 == false)
            #expect(count.1 == 0)
            await pool.close()
        }
    }

    @Test func failedConnectAttemptFreesItsSlot() async throws {
        let pool = ConnectionPool(url: "postgresql://nobody@/nothing?host=/nonexistent-socket-dir", maximumConnections: 1, logger: .init(label: "test"))
        for _ in 0..<3 {
            await #expect(throws: PostgresError.self) {
                try await pool.withConnection { _ in 1 }
            }
        }
        #expect(pool.statistics.open == 0)
        await pool.close()
    }
}

/// A count shared by the bodies of concurrent pool users.
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
