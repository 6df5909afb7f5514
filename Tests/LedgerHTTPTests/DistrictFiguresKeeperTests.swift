import LedgerCore
import Logging
import Postgres
import Testing
import TestSupport

@testable import LedgerHTTP
@testable import LedgerService

/// `serve`'s background service that keeps the district reports' figures current.
@Suite struct DistrictFiguresKeeperTests {
    @Test func keepsEveryCooperativesFiguresOnItsFirstRoundAndStopsWhenCancelled() async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool(maximumConnections: 2)
            let operatorLedger = Ledger(pool: pool, logger: Logger(label: "test"), actor: .system)
            let coop = try CoopCode(parsing: "c1")
            let baiyin = try DistrictCode(parsing: "baiyin")
            _ = try await operatorLedger.createCooperative(try Cooperative(code: coop, name: "白银第1合作社", settings: .standard))
            _ = try await operatorLedger.createDistrict(try District(code: baiyin, name: "白银区"))
            try await operatorLedger.place(coop, try Placement(district: baiyin, township: "强湾乡"))

            // As in `serve`: the service's own login, which reads every cooperative.
            let servicePool = try database.servicePool()
            let ledger = Ledger(pool: servicePool, logger: Logger(label: "test"))
            let keeper = DistrictFiguresKeeper(ledger: ledger, interval: .milliseconds(20), logger: Logger(label: "keeper"))
            let running = Task { try await keeper.run() }
            // One cooperative's two statements of this year and the last; a bounded wait (a
            // round took 24 s beside the whole suite's other tests on two cores).
            for _ in 0..<6_000 where ledger.districtFigures.computedSoFar < 4 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(ledger.districtFigures.computedSoFar == 4)
            running.cancel()
            try await running.value
            #expect(ledger.districtFigures.computedSoFar == 4, "later rounds found nothing changed")
            await pool.close()
            await servicePool.close()
        }
    }
}
