import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerHTTP
import LedgerService
import LedgerStore
import Testing
import TestSupport

/// Signing in over the API (`coopledger login`, issue 28): a login and password give a token
/// acting as that person in that cooperative, for a working day; a wrong password, or a person
/// with no role here, is the same 401; signing out ends the token.
@Suite struct SessionRoutesTests {
    static let password = "a-long-enough-password"

    static func signIn(_ login: String, _ password: String) -> ByteBuffer {
        ByteBuffer(string: #"{"login":"\#(login)","password":"\#(password)"}"#)
    }

    @Test func aPersonSignsInWorksAsThemselvesAndSignsOut() async throws {
        try await EntriesRouteTests.with { fixture, client in
            _ = try await fixture.ledger.addPerson(
                try Person(login: Login(parsing: "li"), name: "李主管"), password: try Password(Self.password), role: .approver, in: fixture.coop)
            let path = "/v1/coops/\(fixture.coop)/sessions"
            try await client.execute(uri: path, method: .post, headers: EntriesRouteTests.headers(token: nil), body: Self.signIn("li", "not-the-password")) {
                response in
                #expect(response.status == .unauthorized)
                #expect(EntriesRouteTests.problemCode(response) == "sign_in_failed")
            }
            // A real person of this server, but with no role in the other cooperative: the same 401.
            try await client.execute(
                uri: "/v1/coops/other-coop/sessions", method: .post, headers: EntriesRouteTests.headers(token: nil), body: Self.signIn("li", Self.password)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            var token = ""
            try await client.execute(uri: path, method: .post, headers: EntriesRouteTests.headers(token: nil), body: Self.signIn("li", Self.password)) {
                response in
                #expect(response.status == .created)
                let reply = VoucherRoutesTests.json(response)
                token = reply["token"] as? String ?? ""
                #expect(reply["roles"] as? [String] == ["approver"])
                #expect(reply["expires_in"] as? Int == Limits.signInTokenSeconds)
            }
            try await client.execute(uri: "\(path)/current", method: .get, headers: EntriesRouteTests.headers(token: token)) { response in
                #expect(response.status == .ok)
                #expect(VoucherRoutesTests.json(response)["login"] as? String == "li")
            }
            // The token acts as li: what it writes is li's.
            try await client.execute(
                uri: "/v1/coops/\(fixture.coop)/vouchers", method: .post, headers: EntriesRouteTests.headers(token: token), body: VoucherRoutesTests.draftBody
            ) { response in
                #expect(response.status == .created)
                #expect(VoucherRoutesTests.json(response)["prepared_by"] as? String == "li")
            }
            try await client.execute(uri: "\(path)/current", method: .delete, headers: EntriesRouteTests.headers(token: token)) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "\(path)/current", method: .get, headers: EntriesRouteTests.headers(token: token)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func aSignInTokenEndsByItself() async throws {
        try await EntriesRouteTests.with { fixture, _ in
            let li = try Login(parsing: "li")
            _ = try await fixture.ledger.addPerson(try Person(login: li, name: "李主管"), password: try Password(Self.password), role: .approver, in: fixture.coop)
            let made = try TokenRepository(try fixture.database.connect()).create(for: li, coop: fixture.coop, lifetimeSeconds: 1)
            #expect(try await fixture.ledger.identity(ofToken: made.token)?.login == li)
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await fixture.ledger.identity(ofToken: made.token) == nil)
        }
    }
}
