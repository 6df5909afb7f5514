import Foundation
import Hummingbird
import HummingbirdAuth
import LedgerCore
import LedgerService

/// A signed-in person's session: who, and the token every form must carry back (CSRF).
struct WebSession: Codable, Sendable {
    let login: String
    let csrf: String
    /// The person's credentials stamp when the session began (sql/024): a password reset or
    /// a role change moves it, and the session ends.
    let credentials: String
    /// The sign-in's token (every cooperative the person works in, sql/032): what proves the
    /// person to the database on each write. It never leaves the server.
    let token: String
}

/// Sessions live in the server's memory (a restart signs everyone out) and end after
/// `WebLimits.idleSeconds` without a request. The cookie is HttpOnly, SameSite=Strict,
/// Secure when served behind TLS, and has no expiry of its own: the server decides.
struct WebSessions: Sendable {
    static let cookieName = "coopledger_session"
    private let storage: SessionStorage<WebSession>
    let secureCookies: Bool

    init(secureCookies: Bool) {
        self.secureCookies = secureCookies
        storage = SessionStorage(MemoryPersistDriver(), configuration: .init(sessionCookieParameters: .init(name: Self.cookieName)))
    }

    /// The session of the request, kept alive for another idle period; nil when signed out
    /// or idle too long.
    func current(_ request: Request) async throws -> WebSession? {
        guard let session = try await storage.load(request: request) else { return nil }
        try await storage.update(session: session, expiresIn: .seconds(WebLimits.idleSeconds), request: request)
        return session
    }

    /// Starts a session for `login`, proven by `token`; the cookie to send.
    func start(_ login: Login, credentials: String, token: String) async throws -> Cookie {
        let session = WebSession(login: login.rawValue, csrf: Self.randomToken(), credentials: credentials, token: token)
        let issued = try await storage.save(session: session, expiresIn: .seconds(WebLimits.idleSeconds))
        return cookie(Self.cookieName, issued.value)
    }

    /// Ends the request's session, its token with it; the cookie that clears it in the browser.
    func end(_ request: Request, revokingWith ledger: Ledger) async throws -> Cookie {
        if storage.getId(request: request) != nil {
            if let session = try await storage.load(request: request) { _ = try await ledger.revoke(token: session.token) }
            _ = try await storage.delete(request: request)
        }
        return cookie(Self.cookieName, "", maxAge: 0)
    }

    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// 32 random bytes in hex (the system's CSPRNG).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func tokensMatch(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count, !left.isEmpty else { return false }
        return zip(left, right).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Repeated wrong passwords lock a login for a while: `failuresMax` failures within
/// `lockSeconds` lock it for `lockSeconds` from the last one. Kept in memory, bounded.
actor SignInThrottle {
    private var failures: [String: [ContinuousClock.Instant]] = [:]
    private let clock = ContinuousClock()

    /// Locked: too many recent failures, or (the table full of live locks) a login whose
    /// failures could not be counted, so guessing it is never unbounded.
    func isLocked(_ login: String) -> Bool {
        if recent(login).count >= WebLimits.signInFailuresMax { return true }
        return failures[login] == nil && failures.count >= WebLimits.trackedLoginsMax && roomForOneMore() == nil
    }

    func recordFailure(_ login: String) {
        if failures[login] == nil, failures.count >= WebLimits.trackedLoginsMax {
            // Make room: forget expired logins, else the unlocked one failed longest ago. A
            // live lock is never dropped; with nothing else to drop, the failure is refused
            // (`isLocked` says so before any password is checked).
            guard let victim = roomForOneMore() else { return }
            failures[victim] = nil
            failures = failures.filter { !recent($0.key).isEmpty }
        }
        failures[login, default: []] = recent(login) + [clock.now]
    }

    /// A login whose entry may go: expired, or not locked (the one failed longest ago).
    private func roomForOneMore() -> String? {
        var oldestUnlocked: (login: String, last: ContinuousClock.Instant)?
        for login in failures.keys {
            let times = recent(login)
            if times.isEmpty { return login }
            if times.count < WebLimits.signInFailuresMax, let last = times.last, last < (oldestUnlocked?.last ?? clock.now + .seconds(1)) {
                oldestUnlocked = (login, last)
            }
        }
        return oldestUnlocked?.login
    }

    func recordSuccess(_ login: String) { failures[login] = nil }

    /// Password checks in flight per client address.
    private var inFlight: [String: Int] = [:]

    /// Admits one more password check from `client`, unless it has `checksPerClientMax` in
    /// flight already.
    func enter(client: String) -> Bool {
        guard inFlight[client, default: 0] < WebLimits.checksPerClientMax else { return false }
        inFlight[client, default: 0] += 1
        return true
    }

    func leave(client: String) {
        let left = inFlight[client, default: 1] - 1
        inFlight[client] = left > 0 ? left : nil
    }

    private func recent(_ login: String) -> [ContinuousClock.Instant] {
        let since = clock.now - .seconds(WebLimits.lockSeconds)
        return (failures[login] ?? []).filter { $0 > since }.suffix(WebLimits.signInFailuresMax)
    }
}

enum WebLimits {
    /// A session ends after this long without a request.
    static let idleSeconds: Int64 = 30 * 60
    static let signInFailuresMax = 5
    /// Password checks one client address may have in flight at once.
    static let checksPerClientMax = 2
    static let lockSeconds: Int64 = 15 * 60
    /// Logins whose failures are remembered at once (a flood of made-up logins cannot grow memory).
    static let trackedLoginsMax = 10_000
    /// A journal file uploaded for import (a multipart form).
    static let uploadBytesMax = 16 << 20
    /// The sign-in form: a token, a login, a password and where to go back to.
    static let signInBodyMax = 4 << 10
    /// Rows of the voucher form when it first opens (blank rows are ignored).
    static let voucherFormRows = 4
}
