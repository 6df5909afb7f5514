import Foundation
import Hummingbird
import LedgerCore
import LedgerService

/// Signing in and out. The sign-in form carries a token matched against a cookie of its
/// own (no session exists yet); repeated failures lock the login for a while; a wrong
/// login and a wrong password read the same.
struct SignInPages: Sendable {
    let workbench: Workbench
    static let formCookie = "coopledger_sign_in"

    func register(on router: Router<LedgerRequestContext>) {
        router.get("sign-in", use: form)
        router.post("sign-in", use: signIn)
        router.post("sign-out", use: workbench.page(signOut))
    }

    @Sendable func form(request: Request, context: LedgerRequestContext) async throws -> Response {
        if try await workbench.sessions.current(request) != nil { return WebRenderer.redirect(to: "/coops") }
        let visit = WebVisit(request: request, parameters: context.parameters, language: Workbench.language(of: request))
        return page(visit, back: request.uri.queryParameters[Substring("back")].map(String.init), login: "", error: nil, status: .ok)
    }

    @Sendable func signIn(request: Request, context: LedgerRequestContext) async throws -> Response {
        let visit = WebVisit(request: request, parameters: context.parameters, language: Workbench.language(of: request))
        do {
            // Nobody is known yet: no sign-in form's cookie, no body read at all; and the body
            // is small (a login and a password), never an upload.
            guard let expected = request.cookies[Self.formCookie]?.value else {
                return page(visit, back: nil, login: "", error: visit.label("form_expired"), status: .forbidden)
            }
            let form = try await FormBody.read(request, upTo: WebLimits.signInBodyMax, uploadsUpTo: WebLimits.signInBodyMax)
            let back = form["back"]
            guard WebSessions.tokensMatch(form["csrf"] ?? "", expected) else {
                return page(visit, back: back, login: "", error: visit.label("form_expired"), status: .forbidden)
            }
            let loginText = String((form["login"] ?? "").trimmingCharacters(in: .whitespaces).lowercased().prefix(32))
            // A login that cannot exist fails at once: it is not counted (a flood of made-up
            // logins cannot crowd real ones out of the lockout table) and costs no bcrypt.
            guard let login = try? Login(parsing: loginText) else {
                return page(visit, back: back, login: loginText, error: visit.label("sign_in_failed"), status: .unauthorized)
            }
            guard await !workbench.throttle.isLocked(loginText) else {
                return page(visit, back: back, login: loginText, error: visit.label("locked_out"), status: .tooManyRequests)
            }
            let password = String((form["password"] ?? "").prefix(Password.bytesMax))
            // One client has at most a few checks in flight, and all of them together wait
            // in a bounded queue (PasswordWork): past either, the answer is "busy", at once.
            let client = context.remoteAddress?.ipAddress ?? ""
            guard await workbench.throttle.enter(client: client) else {
                return page(visit, back: back, login: loginText, error: visit.label("sign_in_busy"), status: .tooManyRequests)
            }
            let matches: Bool
            do {
                matches = try await workbench.ledger.checkPassword(password, of: login)
                await workbench.throttle.leave(client: client)
            } catch {
                await workbench.throttle.leave(client: client)
                guard (error as? LedgerError)?.code == .busy else { throw error }
                return page(visit, back: back, login: loginText, error: visit.label("sign_in_busy"), status: .tooManyRequests)
            }
            guard matches else {
                await workbench.throttle.recordFailure(loginText)
                return page(visit, back: back, login: loginText, error: visit.label("sign_in_failed"), status: .unauthorized)
            }
            await workbench.throttle.recordSuccess(loginText)
            guard let signedIn = try await workbench.ledger.personWithCredentials(login) else {
                return page(visit, back: back, login: loginText, error: visit.label("sign_in_failed"), status: .unauthorized)
            }
            let session = try await workbench.sessions.start(login, credentials: signedIn.stamp)
            // The old sign-in form's token is spent.
            return WebRenderer.redirect(to: WebVisit.safeReturn(back), cookies: [session, workbench.sessions.cookie(Self.formCookie, "", maxAge: 0)])
        } catch {
            return workbench.renderer.problem(error, for: visit)
        }
    }

    @Sendable func signOut(_ visit: WebVisit) async throws -> Response {
        WebRenderer.redirect(to: "/sign-in?notice=signed_out_notice", cookies: [try await workbench.sessions.end(visit.request)])
    }

    private func page(_ visit: WebVisit, back: String?, login: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = WebSessions.randomToken()
        return workbench.renderer.page("sign-in", title: visit.label("sign_in"), [
            "csrf": token, "backAfterSignIn": WebVisit.safeReturn(back), "login": login, "error": error as Any,
        ], for: visit, status: status, cookies: [workbench.sessions.cookie(Self.formCookie, token)])
    }
}
