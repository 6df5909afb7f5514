import Foundation
import HTTPTypes
import Hummingbird
import LedgerHTTP
import LedgerRendering
import LedgerService
import Logging
import Postgres
import Testing

@Suite struct UnavailableDatabaseTests {
    @Test func unreachableDatabaseIs503WithAProblemAndNoDetail() async throws {
        let pool = ConnectionPool(url: "postgresql://nobody@/nothing?host=/nonexistent-socket-dir", maximumConnections: 2, logger: Logger(label: "test"))
        let client = RouterClient(router: try buildRouter(ledger: Ledger(pool: pool, logger: Logger(label: "test")), pool: pool))
        try await client.execute(uri: "/healthz", method: .get) { response in
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
        var headers: HTTPFields = [.authorization: "Bearer cl_some-coop_" + String(repeating: "a", count: 64)]
        headers[.contentType] = "application/json"
        try await client.execute(uri: "/v1/coops/some-coop/balances", method: .get, headers: headers) { response in
            #expect(response.status == .serviceUnavailable)
            let body = String(buffer: response.body)
            #expect(body.contains("\"code\":\"database_unavailable\""))
            #expect(!body.contains("nonexistent-socket-dir"))
        }
        await pool.close()
    }
}
