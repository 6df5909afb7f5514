import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import Testing

@Suite struct CoopRoutesTests {
    func object(_ response: RoutedResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }

    @Test func aYearOverHTTPFromMembersToTheDistribution() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let base = "/v1/coops/\(fixture.coop)"
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            let bookkeeper = EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!)
            let auditor = EntriesRouteTests.headers(token: fixture.tokens[.auditor]!)

            // Only an admin registers members.
            for number in 8...12 {
                try await client.execute(
                    uri: "\(base)/members", method: .post, headers: admin,
                    body: ByteBuffer(string: #"{"number":\#(number),"name":"成员\#(number)","poor_household":true}"#)
                ) { response in
                    #expect(response.status == .created)
                }
            }
            try await client.execute(uri: "\(base)/members", method: .post, headers: bookkeeper, body: ByteBuffer(string: #"{"number":13,"name":"x"}"#)) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "\(base)/members", method: .post, headers: admin, body: ByteBuffer(string: #"{"number":"14","name":"x"}"#)) {
                response in
                #expect(response.status == .unprocessableContent)
            }
            // Pages of two: 7, 8 | 9, 10 | 11, 12.
            let firstPage = try await client.execute(uri: "\(base)/members?limit=2", method: .get, headers: auditor) { try object($0) }
            #expect((firstPage["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int } == [7, 8])
            let cursor = try #require(firstPage["next_cursor"] as? String)
            let secondPage = try await client.execute(uri: "\(base)/members?limit=2&after=\(cursor)", method: .get, headers: auditor) { try object($0) }
            #expect((secondPage["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int } == [9, 10])

            // A purchase, corrected by its reversal, and a good one.
            let purchase = #"{"key":"slip-1","date":"2026-10-02","member":8,"product":"corn","quantity_kg":"1000","market_price":"2.6"}"#
            let slip = try await client.execute(uri: "\(base)/purchases", method: .post, headers: bookkeeper, body: ByteBuffer(string: purchase)) { response in
                #expect(response.status == .created)
                return try object(response)
            }
            let slipID = try #require(slip["id"] as? Int)
            try await client.execute(
                uri: "\(base)/entries/\(slipID)/reversal", method: .post, headers: bookkeeper,
                body: ByteBuffer(string: #"{"date":"2026-10-03","key":"slip-1-undo"}"#)
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "\(base)/entries/\(slipID)/reversal", method: .post, headers: bookkeeper,
                body: ByteBuffer(string: #"{"date":"2026-10-03","key":"slip-1-undo-again"}"#)
            ) { response in
                #expect(response.status == .conflict)
            }
            let good = #"{"key":"slip-2","date":"2026-10-04","member":9,"product":"corn","quantity_kg":"500","market_price":"2.6","paid":true}"#
            try await client.execute(uri: "\(base)/purchases", method: .post, headers: bookkeeper, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "\(base)/leases", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"key":"l1","member":9,"area_mu":"2","rate":"2000","start":"2026-01-01"}"#)
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "\(base)/loan-equity", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"key":"le1","member":10,"principal":"50000","start":"2026-01-01","years":3,"payout":"4000"}"#)
            ) { response in
                #expect(response.status == .created)
            }
            _ = try await fixture.ledger.post(
                try JournalEntry(
                    key: "sales", date: LedgerFixtureDay.day("2026-11-01"), memo: "pigs",
                    lines: [
                        .debit(AccountCode("102"), Money(fen: 10_000_000)), .credit(AccountCode("501"), Money(fen: 10_000_000)),
                    ]), to: fixture.coop)

            // Member 9 shows the purchase; the preview equals the posted run.
            let account = try await client.execute(uri: "\(base)/members/9?year=2026", method: .get, headers: auditor) { try object($0) }
            #expect((account["transactions"] as? [[String: Any]])?.first?["amount"] as? String == "1365.00")
            let preview = try await client.execute(uri: "\(base)/dividends/2026/preview", method: .get, headers: auditor) { try object($0) }
            try await client.execute(uri: "\(base)/dividends/2026", method: .post, headers: bookkeeper) { response in
                #expect(response.status == .forbidden)
            }
            let posted = try await client.execute(uri: "\(base)/dividends/2026", method: .post, headers: admin) { response in
                #expect(response.status == .created)
                return try object(response)
            }
            #expect(posted["patronage_pool"] as? String == preview["patronage_pool"] as? String)
            try await client.execute(uri: "\(base)/dividends/2026", method: .post, headers: admin) { response in
                #expect(response.status == .conflict)
            }

            // Statements in three formats.
            try await client.execute(uri: "\(base)/reports/balance-sheet?year=2026&format=html", method: .get, headers: auditor) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("会农社01表"))
            }
            try await client.execute(uri: "\(base)/reports/surplus?year=2026&format=csv&lang=en", method: .get, headers: auditor) { response in
                #expect(String(buffer: response.body).hasPrefix("\u{FEFF}"))
            }
            try await client.execute(uri: "\(base)/reports/nonsense", method: .get, headers: auditor) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

enum LedgerFixtureDay {
    static func day(_ text: String) -> Day { try! Day(parsing: text, field: "date") }
}
