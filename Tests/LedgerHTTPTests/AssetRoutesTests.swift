import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import Testing

/// The asset register over HTTP (issue 26): an admin enters and disposes of assets, a
/// bookkeeper depreciates a month, an auditor reads; the same rules as the command line's.
@Suite struct AssetRoutesTests {
    func object(_ response: RoutedResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
    }

    @Test func theRegisterOverHTTP() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let base = "/v1/coops/\(fixture.coop)"
            let admin = EntriesRouteTests.headers(token: fixture.tokens[.admin]!)
            let bookkeeper = EntriesRouteTests.headers(token: fixture.tokens[.bookkeeper]!)
            let auditor = EntriesRouteTests.headers(token: fixture.tokens[.auditor]!)
            let barn = #"{"key":"barn","class":"fixed","name":"猪舍","cost":"120000","salvage":"6000","acquired":"2026-01-15","life_months":120}"#
            try await client.execute(uri: "\(base)/assets", method: .post, headers: bookkeeper, body: ByteBuffer(string: barn)) { response in
                #expect(response.status == .forbidden)
            }
            let entered = try await client.execute(uri: "\(base)/assets", method: .post, headers: admin, body: ByteBuffer(string: barn)) { response in
                #expect(response.status == .created)
                return try object(response)
            }
            #expect(entered["asset"] as? String == "A1" && entered["net"] as? String == "120000.00")
            try await client.execute(uri: "\(base)/assets", method: .post, headers: admin, body: ByteBuffer(string: barn)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "\(base)/assets", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"key":"bad","class":"fixed","name":"x","cost":"10","salvage":"20","acquired":"2026-01-15","life_months":12}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("salvage"))
            }
            try await client.execute(uri: "\(base)/assets/depreciation", method: .post, headers: bookkeeper, body: ByteBuffer(string: #"{"month":"2026-03"}"#))
            { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "\(base)/assets/depreciation", method: .post, headers: bookkeeper, body: ByteBuffer(string: #"{"month":"2026-02"}"#))
            { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "\(base)/assets/depreciation", method: .post, headers: bookkeeper, body: ByteBuffer(string: #"{"month":"2026-02"}"#))
            { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "\(base)/assets/A1/disposals", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"key":"sell","date":"2026-03-10","proceeds":"110000","reason":"sold"}"#)
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "\(base)/assets/A9/disposals", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"key":"none","date":"2026-03-10","proceeds":"1"}"#)
            ) { response in
                #expect(response.status == .notFound)
            }
            let register = try await client.execute(uri: "\(base)/assets", method: .get, headers: auditor) { try object($0) }
            let first = try #require((register["items"] as? [[String: Any]])?.first)
            #expect(first["heads"] as? Int == 0 && first["months_depreciated"] as? Int == 1 && first["net"] as? String == "0.00")
        }
    }
}
