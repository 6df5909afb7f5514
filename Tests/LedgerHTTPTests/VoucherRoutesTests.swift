import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerHTTP
import LedgerService
import Testing
import TestSupport

/// Vouchers over HTTP: a preparer's token drafts, another person's token approves, posting
/// gives the voucher number; the preparer cannot approve, and each token acts as its person.
@Suite struct VoucherRoutesTests {
    static let draftBody = ByteBuffer(
        string: #"{"date":"2026-03-05","memo":"购买饲料","attachments":2,"lines":[{"account":"121","debit":"1500.00"},{"account":"102","credit":"1500.00"}]}"#)

    static func json(_ response: RoutedResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    @Test func aDraftIsApprovedByAnotherPersonAndPostedWithItsNumber() async throws {
        try await EntriesRouteTests.with { fixture, client in
            let path = "/v1/coops/\(fixture.coop)/vouchers"
            let preparer = fixture.tokens[.bookkeeper]!, admin = fixture.tokens[.admin]!, auditor = fixture.tokens[.auditor]!
            var id = 0, version = 0
            try await client.execute(uri: path, method: .post, headers: EntriesRouteTests.headers(token: preparer), body: Self.draftBody) { response in
                #expect(response.status == .created)
                let draft = Self.json(response)
                id = draft["id"] as? Int ?? 0
                version = draft["version"] as? Int ?? 0
                #expect(draft["status"] as? String == "draft")
                #expect((draft["prepared_by"] as? String)?.hasPrefix("token-") == true)
            }
            // An auditor drafts nothing; the preparer does not approve (a preparer has no approving role).
            try await client.execute(uri: path, method: .post, headers: EntriesRouteTests.headers(token: auditor), body: Self.draftBody) { response in
                #expect(response.status == .forbidden)
            }
            let seen = ByteBuffer(string: #"{"version":\#(version)}"#)
            try await client.execute(uri: "\(path)/\(id)/approval", method: .post, headers: EntriesRouteTests.headers(token: preparer), body: seen) {
                response in
                #expect(response.status == .forbidden)
            }
            // The approval names the version the approver saw: none, or an older one, is refused.
            try await client.execute(uri: "\(path)/\(id)/approval", method: .post, headers: EntriesRouteTests.headers(token: admin)) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "\(path)/\(id)", method: .put, headers: EntriesRouteTests.headers(token: preparer), body: Self.draftBody) {
                response in
                #expect(response.status == .ok)
                version = Self.json(response)["version"] as? Int ?? 0
            }
            try await client.execute(uri: "\(path)/\(id)/approval", method: .post, headers: EntriesRouteTests.headers(token: admin), body: seen) { response in
                #expect(response.status == .conflict)
                #expect(EntriesRouteTests.problemCode(response) == "voucher_changed")
            }
            try await client.execute(uri: "\(path)/\(id)/posting", method: .post, headers: EntriesRouteTests.headers(token: preparer)) { response in
                #expect(response.status == .conflict)
                #expect(EntriesRouteTests.problemCode(response) == "voucher_rule")
            }
            try await client.execute(
                uri: "\(path)/\(id)/approval", method: .post, headers: EntriesRouteTests.headers(token: admin),
                body: ByteBuffer(string: #"{"version":\#(version)}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(Self.json(response)["status"] as? String == "approved")
            }
            try await client.execute(uri: "\(path)/\(id)/posting", method: .post, headers: EntriesRouteTests.headers(token: preparer)) { response in
                #expect(response.status == .created)
                let entry = Self.json(response)
                #expect(entry["voucher"] as? String == "记-2026-03-0001")
                #expect(entry["approved_by"] as? String != entry["prepared_by"] as? String)
            }
            try await client.execute(
                uri: "/v1/coops/\(fixture.coop)/voucher-sheets/2026-03-0001", method: .get,
                headers: EntriesRouteTests.headers(token: auditor)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("壹仟伍佰元整"))
            }
        }
    }
}
