import LedgerCore
import LedgerService

/// The one proof of a password for every door that signs a person in: the workbench's form
/// and the API's sessions (`coopledger login`). A login that cannot exist fails at once,
/// uncounted (a flood of made-up logins cannot crowd real ones out of the lockout table) and
/// costs no bcrypt; a locked login is refused before any check; one client has at most a few
/// checks in flight, and all of them together wait in a bounded queue (`PasswordWork`).
/// A password that passes is checked again by the database as it makes the sign-in's token
/// (sql/032), the one proof of the person the database then believes.
struct SignInGate: Sendable {
    enum Outcome: Sendable {
        /// The person, and their sign-in's token.
        case proven(Login, token: String)
        /// A wrong login and a wrong password read the same.
        case failed
        case locked
        /// Too many checks in flight: try again shortly.
        case busy
    }

    let ledger: Ledger
    let throttle = SignInThrottle()

    /// `coop`: the cooperative the token is for; nil, every one the person works in (the workbench's).
    func prove(login loginText: String, password: String, coop: CoopCode?, client: String) async throws -> Outcome {
        guard let login = try? Login(parsing: loginText) else { return .failed }
        guard await !throttle.isLocked(loginText) else { return .locked }
        guard await throttle.enter(client: client) else { return .busy }
        let password = String(password.prefix(Password.bytesMax))
        let matches: Bool
        do {
            matches = try await ledger.checkPassword(password, of: login)
            await throttle.leave(client: client)
        } catch {
            await throttle.leave(client: client)
            guard (error as? LedgerError)?.code == .busy else { throw error }
            return .busy
        }
        guard matches else {
            await throttle.recordFailure(loginText)
            return .failed
        }
        await throttle.recordSuccess(loginText)
        do {
            return .proven(login, token: try await ledger.signInToken(for: login, password: password, in: coop))
        } catch let error as LedgerError where error.code == .forbidden {
            // No role here: the same answer as a wrong password, so logins are not probed.
            return .failed
        }
    }
}
