import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService
import Testing

/// Each rule in one place: the ledger's own key prefixes for every public write, the
/// Idempotency-Key header as an entry's key, sales and subsidies over HTTP.
@Suite struct OneRuleTests {
    @Test func everyPublicWriteRefusesTheLedgersOwnKeys() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let base = "/v1/coops/\(fixture.coop)"
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            let squat = "lease:1:fee:2026"
            let bodies = [
                ("purchases", #"{"key":"\#(squat)","date":"2026-10-01","member":7,"product":"corn","quantity_kg":"10","market_price":"2.6"}"#),
                ("sales", #"{"key":"\#(squat)","date":"2026-10-01","member":7,"product":"piglets","quantity_kg":"10","price":"30"}"#),
                ("subsidies", #"{"key":"\#(squat)","date":"2026-10-01","amount":"900","source":"state"}"#),
            ]
            for (path, body) in bodies {
                try await client.execute(uri: "\(base)/\(path)", method: .post, headers: admin, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .unprocessableContent, "\(path)")
                    #expect(String(buffer: response.body).contains("the ledger's own"), "\(path)")
                }
            }
            for key in ["dividend:2026:run:1:close-pl", "loan-equity:1:payout:2026", "lease:1:payment:2026"] {
                #expect(throws: LedgerError.self) { try ClientKey(key) }
                await #expect(throws: LedgerError.self) {
                    try await fixture.ledger.contribute(
                        member: MemberNumber(7), amount: Money(fen: 100), source: .other,
                        date: Day(parsing: "2026-01-02", field: "date"), key: try ClientKey(key), in: fixture.coop)
                }
            }
            #expect(try ClientKey("leases-2026").rawValue == "leases-2026")
            #expect(try await fixture.ledger.entries(of: fixture.coop, after: EntryID(0), limit: 500).allSatisfy { $0.entry.key != squat })
        }
    }

    @Test func theIdempotencyKeyHeaderIsTheKeyAndABodyKeyMustMatch() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let uri = "/v1/coops/\(fixture.coop)/entries"
            let body =
                #"{"date":"2026-03-01","memo":"no key in the body","lines":[{"account":"121","debit":"5.00"},{"account":"114","member":7,"credit":"5.00"}]}"#
            let headers = EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!, key: "header-key")
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                #expect(String(buffer: response.body).contains(#""key":"header-key""#))
            }
            try await client.execute(uri: uri, method: .post, headers: headers, body: EntriesRouteTests.entryBody(key: "other-key")) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test func salesAndSubsidiesOverHTTP() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let base = "/v1/coops/\(fixture.coop)"
            let bookkeeper = EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!)
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            let sale = #"{"key":"sale-1","date":"2026-05-01","member":7,"product":"仔猪","quantity_kg":"200","price":"40","paid":true}"#
            try await client.execute(uri: "\(base)/sales", method: .post, headers: bookkeeper, body: ByteBuffer(string: sale)) { response in
                #expect(response.status == .created)
                #expect(String(buffer: response.body).contains(#""debit":"8000.00""#))
            }
            try await client.execute(uri: "\(base)/sales", method: .post, headers: bookkeeper, body: ByteBuffer(string: sale)) { response in
                #expect(response.status == .ok)
            }
            let subsidy = #"{"key":"sub-1","date":"2026-05-02","amount":"900","source":"state"}"#
            try await client.execute(uri: "\(base)/subsidies", method: .post, headers: bookkeeper, body: ByteBuffer(string: subsidy)) { response in
                #expect(response.status == .forbidden, "quantifying to members is an admin's")
            }
            try await client.execute(uri: "\(base)/subsidies", method: .post, headers: admin, body: ByteBuffer(string: subsidy)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "\(base)/subsidies", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"key":"sub-2","date":"2026-05-02","amount":"900","source":"lottery"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
            let account = try await fixture.ledger.memberAccount(MemberNumber(7), year: 2026, in: fixture.coop)
            #expect(account.products.first { $0.direction == .sale }?.amount == Money(fen: 800_000))
            #expect(account.subsidyShare.fen > 0)
        }
    }

    /// Capital over HTTP takes the command line's words for its source, and refuses others.
    @Test func capitalOverHTTPSpeaksTheCommandLinesWords() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let base = "/v1/coops/\(fixture.coop)"
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            let bookkeeper = EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!)
            func capital(_ key: String, _ source: String) -> ByteBuffer {
                ByteBuffer(string: #"{"key":"\#(key)","date":"2026-01-08","member":7,"amount":"5000","source":"\#(source)"}"#)
            }
            try await client.execute(uri: "\(base)/capital", method: .post, headers: bookkeeper, body: capital("cap-b", "other")) { response in
                #expect(response.status == .forbidden, "capital is an admin's")
            }
            for unknown in ["poverty_alleviation_assets", "state"] {
                try await client.execute(uri: "\(base)/capital", method: .post, headers: admin, body: capital("cap-\(unknown)", unknown)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(String(buffer: response.body).contains("poverty-alleviation"))
                }
            }
            try await client.execute(uri: "\(base)/capital", method: .post, headers: admin, body: capital("cap-7", "poverty-alleviation")) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "\(base)/capital", method: .post, headers: admin, body: capital("cap-7", "poverty-alleviation")) { response in
                #expect(response.status == .ok, "the same key posts once")
            }
            let account = try await fixture.ledger.memberAccount(MemberNumber(7), year: 2026, in: fixture.coop)
            #expect(account.closing.capitalFromPovertyAlleviationAssets == Money(fen: 500_000))
        }
    }

    @Test func aCursorIsDigitsOnly() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let headers = EntriesRouteTests.headers(token: fixture.tokens[.auditor]!)
            for cursor in ["-1", "+3", "1e3"] {
                try await client.execute(uri: "/v1/coops/\(fixture.coop)/entries?after=\(cursor)", method: .get, headers: headers) { response in
                    #expect(response.status == .unprocessableContent, "\(cursor)")
                }
            }
            try await client.execute(uri: "/v1/coops/\(fixture.coop)/entries?after=0", method: .get, headers: headers) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func balancesCarryTheChainHeadTheyWereReadWith() async throws {
        try await EntriesRouteTests.with { fixture, client in
            try await client.execute(
                uri: "/v1/coops/\(fixture.coop)/entries", method: .post,
                headers: EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!, key: "tb-1"), body: EntriesRouteTests.entryBody(key: "tb-1")
            ) { _ in }
            let head = try await fixture.ledger.chainHead(of: fixture.coop).hash
            try await client.execute(
                uri: "/v1/coops/\(fixture.coop)/balances", method: .get, headers: EntriesRouteTests.headers(token: fixture.tokens[.auditor]!)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""chain_head":"\#(head)""#))
            }
            #expect(try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil).chainHead == head)
        }
    }

    @Test func aMemberHasOneJSONShapeForTheCommandLineAndTheAPI() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let members = try await fixture.ledger.members(of: fixture.coop)
            let cli = MemberRendering.render(members, as: .json, showID: false)
            try await client.execute(
                uri: "/v1/coops/\(fixture.coop)/members", method: .get, headers: EntriesRouteTests.headers(token: fixture.tokens[.auditor]!)
            ) { response in
                let body = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                let items = try #require(body["items"] as? [[String: Any]])
                let lines = try #require(try JSONSerialization.jsonObject(with: Data(cli.utf8)) as? [[String: Any]])
                #expect(items.count == lines.count)
                for (api, line) in zip(items, lines) {
                    #expect(Set(api.keys) == Set(line.keys))
                    #expect(api["poor_household"] is Bool && line["poor_household"] is Bool)
                    #expect((api["number"] as? Int) == (line["number"] as? Int))
                }
            }
        }
    }
}
