import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
@testable import LedgerHTTP
import LedgerService
import Testing

/// The sign-in lockout cannot be emptied (issue 24, case 5): a flood of logins never drops a
/// live lock, and a login whose failures cannot be counted is not open to endless guessing.
@Suite struct SignInThrottleTests {
    @Test func aFloodOfOtherLoginsDoesNotUnlockOrUncountARealOne() async {
        let throttle = SignInThrottle()
        for _ in 1...WebLimits.signInFailuresMax { await throttle.recordFailure("bob") }
        #expect(await throttle.isLocked("bob"))
        // 10,050 made-up logins, one failure each: the table fills, bob stays locked.
        for index in 0..<(WebLimits.trackedLoginsMax + 50) { await throttle.recordFailure("guess\(index)") }
        #expect(await throttle.isLocked("bob"))
        // A real login's failures are still counted, and lock it.
        for _ in 1...WebLimits.signInFailuresMax {
            #expect(await !throttle.isLocked("anna"))
            await throttle.recordFailure("anna")
        }
        #expect(await throttle.isLocked("anna"))
    }

    @Test func whenEveryTrackedLoginIsLockedAnUntrackedOneIsRefusedNotUncounted() async {
        let throttle = SignInThrottle()
        for index in 0..<WebLimits.trackedLoginsMax {
            for _ in 1...WebLimits.signInFailuresMax { await throttle.recordFailure("locked\(index)") }
        }
        #expect(await throttle.isLocked("locked0"))
        #expect(await throttle.isLocked("newcomer"), "its failures could not be counted, so it is not checked at all")
    }
}

/// Sign-in bodies are small and read only with the sign-in form's cookie (issue 24, case 6).
@Suite struct SignInBodyTests {
    @Test func aLargeOrCookielessSignInIsRefusedBeforeItsBodyCounts() async throws {
        try await WorkbenchRoutesTests.withPeople { _, client in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 1 << 20)
            // No form cookie: refused, the megabyte unread.
            try await client.execute(uri: "/sign-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: big) { response in
                #expect(response.status == .forbidden)
            }
            var formCookie = ""
            try await client.execute(uri: "/sign-in", method: .get) { response in
                formCookie = WorkbenchRoutesTests.cookie("coopledger_sign_in", in: response) ?? ""
            }
            // With the cookie, a body over the sign-in form's bound (multipart or not) is too large.
            for type in ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                try await client.execute(uri: "/sign-in", method: .post, headers: [.cookie: formCookie, .contentType: type], body: big) { response in
                    #expect(response.status == .contentTooLarge, "\(type)")
                }
            }
            // A login that cannot exist fails without being counted or checked.
            let (status, _) = try await WorkbenchRoutesTests.signIn(client, "no such login!", password: "whatever-it-is")
            #expect(status == .unauthorized)
        }
    }
}

/// A password reset or a role change ends the person's sessions and tokens at once (issue 28,
/// case 3); `user revoke` takes a role away.
@Suite struct CredentialsChangeTests {
    @Test func aPasswordResetEndsTheSessionAndARevokedRoleEndsTheToken() async throws {
        try await WorkbenchRoutesTests.withPeople { fixture, client in
            let (status, browser) = try await WorkbenchRoutesTests.signIn(client, "wang")
            #expect(status == .seeOther)
            try await client.execute(uri: "/coops/\(fixture.coop)/vouchers", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
            }
            let wang = try Login(parsing: "wang")
            _ = try await fixture.ledger.addPerson(
                try Person(login: wang, name: "王会计"), password: try Password("a-brand-new-password"), role: .preparer, in: fixture.coop)
            try await client.execute(uri: "/coops/\(fixture.coop)/vouchers", method: .get, headers: browser.headers) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/sign-in") == true)
            }

            let token = try await fixture.ledger.createToken(for: wang, coop: fixture.coop).token
            try await client.execute(uri: "/v1/coops/\(fixture.coop)/vouchers", method: .get, headers: EntriesRouteTests.headers(token: token)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await fixture.ledger.revokeRole(.preparer, from: wang, in: fixture.coop))
            #expect(try await !fixture.ledger.revokeRole(.preparer, from: wang, in: fixture.coop))
            try await client.execute(uri: "/v1/coops/\(fixture.coop)/vouchers", method: .get, headers: EntriesRouteTests.headers(token: token)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    /// Issue 24, case 4: one client has at most a few password checks in flight; others are
    /// not held up by it.
    @Test func oneClientHasAtMostAFewPasswordChecksInFlight() async {
        let throttle = SignInThrottle()
        for _ in 1...WebLimits.checksPerClientMax { #expect(await throttle.enter(client: "10.0.0.9")) }
        #expect(await !throttle.enter(client: "10.0.0.9"))
        #expect(await throttle.enter(client: "10.0.0.7"))
        await throttle.leave(client: "10.0.0.9")
        #expect(await throttle.enter(client: "10.0.0.9"))
    }
}
