import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/coops/{coop}/sessions`: a person signs in with their login and password and gets a
/// token of their own for that cooperative, lasting a working day (`coopledger login`);
/// `DELETE …/sessions/current` ends the token it is called with (`coopledger logout`). The
/// token acts as the person, with the roles they hold there at each request: a password reset
/// or a role change ends it at once (sql/024).
struct SessionsController {
    let ledger: Ledger
    let gate: SignInGate

    /// A login and a password: the body is read only this far.
    static let bodyBytesMax = 4 * 1024

    func register(open: RouterGroup<LedgerRequestContext>, signedIn: RouterGroup<LedgerRequestContext>) {
        open.post("sessions", use: signIn)
        signedIn.get("sessions/current", use: current)
        signedIn.delete("sessions/current", use: signOut)
    }

    @Sendable func signIn(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        var request = request
        let buffer = try await request.collectBody(upTo: Self.bodyBytesMax)
        let body = try StrictJSON(parsing: Array(buffer.readableBytesView)[...], fields: ["login", "password"])
        let loginText = try body.requiredString("login").trimmingCharacters(in: .whitespaces).lowercased()
        switch try await gate.prove(
            login: String(loginText.prefix(32)), password: try body.requiredString("password"),
            coop: coop, client: context.remoteAddress?.ipAddress ?? "")
        {
        case .proven(let login, let token):
            guard let identity = try await ledger.identity(ofToken: token) else { throw Self.failed }
            return JSONResponse.make(
                .object([
                    ("token", .string(token)),
                    ("login", .string(login.rawValue)),
                    ("coop", .string(coop.rawValue)),
                    ("roles", .array(identity.roles.map(\.rawValue).sorted().map(JSONValue.string))),
                    ("expires_in", .integer(Int64(Limits.signInTokenSeconds))),
                ]), status: .created)
        case .failed: throw Self.failed
        case .locked:
            throw Problem(
                status: .tooManyRequests, code: "locked_out", title: "Too many failed sign-ins",
                detail: "this login is locked for a while after repeated wrong passwords")
        case .busy:
            throw Problem(status: .tooManyRequests, code: "busy", title: "Busy", detail: "too many sign-ins at once; try again in a moment")
        }
    }

    /// Who the token acts as, and their roles in the cooperative now.
    @Sendable func current(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let identity = try context.authorize(.read, for: coop)
        return JSONResponse.make(
            .object([
                ("login", .string(identity.login.rawValue)),
                ("coop", .string(coop.rawValue)),
                ("roles", .array(identity.roles.map(\.rawValue).sorted().map(JSONValue.string))),
            ]))
    }

    @Sendable func signOut(request: Request, context: LedgerRequestContext) async throws -> Response {
        _ = try Route.coop(context)
        guard let token = AuthMiddleware.bearer(request) else { throw Problem.unauthorized }
        _ = try await ledger.revoke(token: token)
        return Response(status: .noContent)
    }

    private static let failed = Problem(
        status: .unauthorized, code: "sign_in_failed", title: "Sign-in failed",
        detail: "the login or the password is wrong, or the person keeps no books here")
}
