import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerHTTP
import LedgerRendering
import LedgerService
import Logging
import Postgres
import Testing
import TestSupport

/// Route tests against a real PostgreSQL, through the router (RouterClient).
@Suite struct EntriesRouteTests {
    struct Fixture: Sendable {
        let ledger: Ledger
        let pool: ConnectionPool
        let coop: CoopCode
        let tokens: [Role: String]
        let otherCoopAdmin: String
        let database: TestDatabase

        func entryCount() throws -> Int64 {
            try database.connect().query("SELECT count(*) FROM journal_entries").singleRow().decode(Int64.self, at: 0)
        }
    }

    static func with(_ body: @Sendable (Fixture, RouterClient) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool(maximumConnections: 8)
            let ledger = Ledger(pool: pool, logger: Logger(label: "test"), actor: .system)
            let coop = try CoopCode(parsing: "http-coop")
            _ = try await ledger.createCooperative(try Cooperative(code: coop, name: "接口测试社", settings: .standard))
            let other = try CoopCode(parsing: "other-coop")
            _ = try await ledger.createCooperative(try Cooperative(code: other, name: "别的社", settings: .standard))
            _ = try await ledger.addMember(try Member(number: MemberNumber(7), name: "张三"), to: coop)
            var tokens: [Role: String] = [:]
            for role in Role.allCases { tokens[role] = try await ledger.createToken(role: role, coop: coop).token }
            let fixture = Fixture(
                ledger: ledger, pool: pool, coop: coop, tokens: tokens,
                otherCoopAdmin: try await ledger.createToken(role: .admin, coop: other).token, database: database)
            // The server connects as the service does in production: it proves each caller to
            // the database with their token, and cannot name anyone (sql/032).
            let servicePool = try database.servicePool()
            // Posts commit in groups, as `serve` has them.
            let client = RouterClient(
                router: try buildRouter(ledger: Ledger(pool: servicePool, logger: Logger(label: "test")).committingInGroups(), pool: servicePool))
            do {
                try await body(fixture, client)
            } catch {
                await pool.close()
                await servicePool.close()
                throw error
            }
            await pool.close()
            await servicePool.close()
        }
    }

    static func entryBody(key: String, debit: String = "100.00", memo: String = "玉米") -> ByteBuffer {
        ByteBuffer(
            string:
                #"{"key":"\#(key)","date":"2026-03-01","memo":"\#(memo)","lines":[{"account":"121","member":null,"debit":"\#(debit)"},{"account":"114","member":7,"credit":"\#(debit)"}]}"#
        )
    }

    static func headers(token: String?, key: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        if let key { fields[HTTPField.Name("Idempotency-Key")!] = key }
        return fields
    }

    static func problemCode(_ response: RoutedResponse) -> String? {
        guard response.headers[.contentType] == "application/problem+json",
            let object = try? JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
        else { return nil }
        return object["code"] as? String
    }

    @Test func healthzAndMetricsAnswer() async throws {
        try await Self.with { fixture, client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/v1/coops/\(fixture.coop)/entries", method: .post,
                headers: Self.headers(token: fixture.tokens[.bookkeeper]!, key: "m1"), body: Self.entryBody(key: "m1")
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("coopledger_entries_posted_total 1"))
                #expect(text.contains("coopledger_pool_connections_open"))
            }
        }
    }

    @Test func authMatrixOfRolesAndRoutes() async throws {
        try await Self.with { fixture, client in
            let path = "/v1/coops/\(fixture.coop)"
            // Missing or unknown token: 401.
            for token in [nil, "cl_http-coop_" + String(repeating: "0", count: 64), "garbage"] as [String?] {
                try await client.execute(uri: "\(path)/balances", method: .get, headers: Self.headers(token: token)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(Self.problemCode(response) == "unauthorized")
                }
            }
            // Every role reads; only bookkeeper and admin post.
            for (role, token) in fixture.tokens {
                try await client.execute(uri: "\(path)/balances", method: .get, headers: Self.headers(token: token)) { response in
                    #expect(response.status == .ok, "\(role) reading")
                }
                try await client.execute(
                    uri: "\(path)/entries", method: .post, headers: Self.headers(token: token, key: "k-\(role)"),
                    body: Self.entryBody(key: "k-\(role)")
                ) { response in
                    #expect(response.status == (role == .auditor ? .forbidden : .created), "\(role) posting")
                }
            }
            // Another cooperative's token sees nothing here: 404.
            try await client.execute(uri: "\(path)/balances", method: .get, headers: Self.headers(token: fixture.otherCoopAdmin)) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    /// Nothing about a token is kept between requests: revoked, or its person's role taken away
    /// (which ends the tokens made before, sql/024), it is refused on its very next request.
    @Test func aRevokedTokenOrRoleIsRefusedOnTheNextRequest() async throws {
        try await Self.with { fixture, client in
            let path = "/v1/coops/\(fixture.coop)/entries"
            func post(_ key: String, with token: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: path, method: .post, headers: Self.headers(token: token, key: key), body: Self.entryBody(key: key)) {
                    $0.status
                }
            }
            let revoked = try await fixture.ledger.createToken(role: .bookkeeper, coop: fixture.coop)
            #expect(try await post("before-revoking", with: revoked.token) == .created)
            #expect(try await fixture.ledger.revokeToken(id: revoked.id))
            #expect(try await post("after-revoking", with: revoked.token) == .unauthorized)

            let demoted = try await fixture.ledger.createToken(role: .bookkeeper, coop: fixture.coop)
            #expect(try await post("before-demoting", with: demoted.token) == .created)
            #expect(try await fixture.ledger.revokeRole(.preparer, from: Login(parsing: "token-\(demoted.id)"), in: fixture.coop))
            #expect(try await post("after-demoting", with: demoted.token) == .unauthorized)
            #expect(try fixture.entryCount() == 2)
        }
    }

    @Test func retryReturnsTheOriginalAndAnotherBodyIsAConflict() async throws {
        try await Self.with { fixture, client in
            let uri = "/v1/coops/\(fixture.coop)/entries"
            let token = fixture.tokens[.bookkeeper]!
            let id = try await client.execute(uri: uri, method: .post, headers: Self.headers(token: token, key: "slip-1"), body: Self.entryBody(key: "slip-1"))
            { response in
                #expect(response.status == .created)
                return String(buffer: response.body)
            }
            try await client.execute(uri: uri, method: .post, headers: Self.headers(token: token, key: "slip-1"), body: Self.entryBody(key: "slip-1")) {
                response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == id)
            }
            try await client.execute(
                uri: uri, method: .post, headers: Self.headers(token: token, key: "slip-1"), body: Self.entryBody(key: "slip-1", debit: "101.00")
            ) { response in
                #expect(response.status == .conflict)
                #expect(Self.problemCode(response) == "idempotency_conflict")
            }
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test func badBodiesAre422Or413AndWriteNothing() async throws {
        try await Self.with { fixture, client in
            let uri = "/v1/coops/\(fixture.coop)/entries"
            let token = fixture.tokens[.bookkeeper]!
            let bodies: [(String, String)] = [
                (#"{"key":"b","date":"2026-03-01","lines":[{"account":"121","debit":100},{"account":"114","member":7,"credit":"100.00"}]}"#, "lines[0].debit"),
                (#"{"key":"b","date":"2026-03-01","approved":true,"lines":[]}"#, "approved"),
                (
                    #"{"key":"b","date":"2026-03-01","lines":[{"account":"121","debit":"99999999999999999999"},{"account":"114","member":7,"credit":"1"}]}"#,
                    "debit"
                ),
                (#"{"key":"b","date":"2026-02-30","lines":[{"account":"121","debit":"1"},{"account":"114","member":7,"credit":"1"}]}"#, "date"),
                (#"{"key":"b","date":"2026-03-01","lines":[{"account":"121","debit":"1"},{"account":"114","member":7,"credit":"2"}]}"#, "lines"),
                (#"{"key":"b", "#, ""),
                (#"[1,2,3]"#, ""),
            ]
            for (body, field) in bodies {
                try await client.execute(uri: uri, method: .post, headers: Self.headers(token: token, key: "b"), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(body) → \(response.status)")
                    #expect(String(buffer: response.body).contains("\"field\":\"\(field)\"") || field.isEmpty, "\(String(buffer: response.body))")
                    #expect(!String(buffer: response.body).lowercased().contains("select "))
                }
            }
            let huge = ByteBuffer(string: String(repeating: " ", count: 2 << 20) + "{}")
            try await client.execute(uri: uri, method: .post, headers: Self.headers(token: token, key: "huge"), body: huge) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: uri, method: .post, headers: Self.headers(token: token), body: Self.entryBody(key: "no-header")) { response in
                #expect(response.status == .unprocessableContent)
            }
            #expect(try fixture.entryCount() == 0)
        }
    }

    @Test func sqlLookingMemoIsStoredVerbatim() async throws {
        try await Self.with { fixture, client in
            let memo = #"'); DROP TABLE postings; -- 玉米"#
            let body = ByteBuffer(
                string:
                    #"{"key":"sql","date":"2026-03-01","memo":"'); DROP TABLE postings; -- 玉米","lines":[{"account":"121","debit":"1.00"},{"account":"114","member":7,"credit":"1.00"}]}"#
            )
            let id = try await client.execute(
                uri: "/v1/coops/\(fixture.coop)/entries", method: .post,
                headers: Self.headers(token: fixture.tokens[.admin]!, key: "sql"), body: body
            ) { response in
                #expect(response.status == .created)
                let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                return object?["id"] as? Int ?? 0
            }
            try await client.execute(uri: "/v1/coops/\(fixture.coop)/entries/\(id)", method: .get, headers: Self.headers(token: fixture.tokens[.auditor]!)) {
                response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(object?["memo"] as? String == memo)
            }
        }
    }

    @Test func sixteenClientsPostingWithRetriesPostEachKeyOnce() async throws {
        try await Self.with { fixture, client in
            let uri = "/v1/coops/\(fixture.coop)/entries"
            let token = fixture.tokens[.bookkeeper]!
            let perClient = 125
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var generator = SeededGenerator(seed: UInt64(worker + 1))
                        for index in 0..<perClient {
                            let key = "w\(worker)-\(index)"
                            // Some requests are sent twice, as a client retrying after a timeout would.
                            let attempts = Int.random(in: 0..<10, using: &generator) == 0 ? 2 : 1
                            for _ in 0..<attempts {
                                try await client.execute(
                                    uri: uri, method: .post, headers: Self.headers(token: token, key: key),
                                    body: Self.entryBody(key: key, debit: "\(index % 50 + 1).00")
                                ) { response in
                                    #expect(response.status == .created || response.status == .ok, "\(key): \(response.status)")
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try fixture.entryCount() == Int64(16 * perClient))
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(balance.isBalanced)
            guard case .intact(let head) = try await fixture.ledger.verifyChain(of: fixture.coop) else {
                Issue.record("chain broken"); return
            }
            #expect(head.entries == Int64(16 * perClient))
        }
    }
}
