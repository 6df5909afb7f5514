import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService
import Testing

/// What a read-through of the API found, each now held by a test.
@Suite struct HardeningTests {
    @Test func bookkeepersReverseOnlyTheirOwnKindsAndSystemKeysAreReserved() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let base = "/v1/coops/\(fixture.coop)"
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            let bookkeeper = EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!)
            let contract = try await client.execute(
                uri: "\(base)/loan-equity", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"key":"le","member":7,"principal":"100","start":"2026-01-01","years":1,"payout":"0"}"#)
            ) { response in
                #expect(response.status == .created)
                return response
            }
            _ = contract
            let received = try #require(
                try await fixture.ledger.entries(of: fixture.coop, after: EntryID(0), limit: 10).first { $0.entry.kind == .loanEquityReceived })
            try await client.execute(
                uri: "\(base)/entries/\(received.id)/reversal", method: .post, headers: bookkeeper,
                body: ByteBuffer(string: #"{"date":"2026-02-01","key":"undo-le"}"#)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "\(base)/entries/\(received.id)/reversal", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"date":"2026-02-01","key":"undo-le"}"#)
            ) { response in
                #expect(response.status == .conflict, "a contract's entry follows the contract")
            }
            let squat = "dividend:2026:run:1:pay:7"
            try await client.execute(
                uri: "\(base)/entries", method: .post, headers: EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!, key: squat),
                body: EntriesRouteTests.entryBody(key: squat)
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test func badMemberInputIs422AndMissingThingsAre404() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let base = "/v1/coops/\(fixture.coop)"
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            for body in [
                #"{"number":20,"name":"x","id_number":"6204021980010112"}"#, #"{"number":21,"name":"x","id_number":"62040219800X0112X"}"#,
                #"{"number":22,"name":"a\u0000b"}"#,
            ] {
                try await client.execute(uri: "\(base)/members", method: .post, headers: admin, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(body)")
                }
            }
            try await client.execute(uri: "\(base)/members/99", method: .get, headers: admin) { response in
                #expect(response.status == .notFound)
            }
            let everyCoop = try await fixture.ledger.createToken(role: .admin, coop: nil).token
            try await client.execute(uri: "/v1/coops/no-such-coop/members", method: .get, headers: EntriesRouteTests.headers(token: everyCoop)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "\(base)/members", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test func concurrentRetriesOfOneLeaseGiveOneLease() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let uri = "/v1/coops/\(fixture.coop)/leases"
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            let body = #"{"key":"same-lease","member":7,"area_mu":"1.5","rate":"2000","start":"2026-01-01"}"#
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await client.execute(uri: uri, method: .post, headers: admin, body: ByteBuffer(string: body)) { $0.status } }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.allSatisfy { $0 == .created || $0 == .ok }, "\(statuses)")
        }
    }
}
