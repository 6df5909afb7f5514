import LedgerCore
import LedgerService

/// The one proof of a password for every door that signs a person in: the workbench's form
/// and the API's sessions (`coopledger login`). A login that cannot exist fails at once,
/// uncounted (a flood of made-up logins cannot crowd real ones out of the lockout table) and
/// costs no bcrypt; a locked login is refused before any check; one client has at most a few
/// checks in flight, and all of them together wait in a bounded queue (`PasswordWork`).
struct SignInGate: Sendable {
    enum Outcome: Sendable {
        case proven(Login)
        /// A wrong login and a wrong password read the same.
        case failed
        case locked
        /// Too many checks in flight: try again shortly.
        case busy
    }

    let ledger: Ledger
    let throttle = SignInThrottle()

    func prove(login loginText: String, password: String, client: String) async throws -> Outcome {
        guard let login = try? Login(parsing: loginText) else { return .failed }
        guard await !throttle.isLocked(loginText) else { return .locked }
        guard await throttle.enter(client: client) else { return .busy }
        let matches: Bool
        do {
            matches = try await ledger.checkPassword(String(password.prefix(Password.bytesMax)), of: login)
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
        return .proven(login)
    }
}
