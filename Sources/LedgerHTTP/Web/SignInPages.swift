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
            let login: Login
            let token: String
            switch try await workbench.gate.prove(
                login: loginText, password: form["password"] ?? "", coop: nil,
                client: context.remoteAddress?.ipAddress ?? "")
            {
            case .proven(let proven, let made): (login, token) = (proven, made)
            case .failed: return page(visit, back: back, login: loginText, error: visit.label("sign_in_failed"), status: .unauthorized)
            case .locked: return page(visit, back: back, login: loginText, error: visit.label("locked_out"), status: .tooManyRequests)
            case .busy: return page(visit, back: back, login: loginText, error: visit.label("sign_in_busy"), status: .tooManyRequests)
            }
            guard let signedIn = try await workbench.ledger.personWithCredentials(login) else {
                return page(visit, back: back, login: loginText, error: visit.label("sign_in_failed"), status: .unauthorized)
            }
            let session = try await workbench.sessions.start(login, credentials: signedIn.stamp, token: token)
            // The old sign-in form's token is spent.
            return WebRenderer.redirect(to: WebVisit.safeReturn(back), cookies: [session, workbench.sessions.cookie(Self.formCookie, "", maxAge: 0)])
        } catch {
            return workbench.renderer.problem(error, for: visit)
        }
    }

    @Sendable func signOut(_ visit: WebVisit) async throws -> Response {
        WebRenderer.redirect(
            to: "/sign-in?notice=signed_out_notice", cookies: [try await workbench.sessions.end(visit.request, revokingWith: workbench.ledger)])
    }

    private func page(_ visit: WebVisit, back: String?, login: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = WebSessions.randomToken()
        return workbench.renderer.page(
            .signIn, title: visit.label("sign_in"),
            SignInPage(csrf: token, backAfterSignIn: WebVisit.safeReturn(back), login: login, error: error), for: visit, status: status,
            cookies: [workbench.sessions.cookie(Self.formCookie, token)])
    }
}

/// The sign-in form: its own CSRF token (no session yet), where to go after, what was typed.
struct SignInPage {
    let csrf: String
    let backAfterSignIn: String
    let login: String
    let error: String?
}
