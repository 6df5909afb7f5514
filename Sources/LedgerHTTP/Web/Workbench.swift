import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerService

/// The web workbench beside the API: server-rendered pages over the same use cases, for a
/// signed-in person. Every cooperative page checks the person's roles there exactly as
/// the API checks a token's (`Identity.require`); the database checks writes again.
struct Workbench: Sendable {
    let ledger: Ledger
    let sessions: WebSessions
    let gate: SignInGate
    let renderer: WebRenderer

    init(ledger: Ledger, gate: SignInGate, secureCookies: Bool) throws {
        self.ledger = ledger
        self.gate = gate
        sessions = WebSessions(secureCookies: secureCookies)
        renderer = try WebRenderer()
    }

    func register(on router: Router<LedgerRequestContext>) {
        router.get("/") { _, _ in WebRenderer.redirect(to: "/coops") }
        router.get("assets/:file", use: asset)
        router.get("language/:code", use: switchLanguage)
        SignInPages(workbench: self).register(on: router)
        CoopPages(workbench: self).register(on: router)
        VoucherPages(workbench: self).register(on: router)
        OperationPages(workbench: self).register(on: router)
        YearEndPages(workbench: self).register(on: router)
        ImportPages(workbench: self).register(on: router)
        DistrictPages(workbench: self).register(on: router)
    }

    typealias Handler = @Sendable (Request, LedgerRequestContext) async throws -> Response

    /// A page for a signed-in person (else the sign-in page, coming back here after). A
    /// POST's form is read here and must carry the session's CSRF token. Any error becomes
    /// a page, never an API problem document.
    func page(_ body: @escaping @Sendable (WebVisit) async throws -> Response) -> Handler {
        { request, context in
            var visit = WebVisit(request: request, parameters: context.parameters, language: Self.language(of: request))
            do {
                guard let session = try await sessions.current(request), let login = try? Login(parsing: session.login) else {
                    return WebRenderer.redirect(to: "/sign-in?back=\(visit.returnPath)")
                }
                // A password reset or a role change since sign-in ends the session.
                guard let now = try await ledger.personWithCredentials(login), now.stamp == session.credentials else {
                    return WebRenderer.redirect(to: "/sign-in?back=\(visit.returnPath)", cookies: [try await sessions.end(request, revokingWith: ledger)])
                }
                visit.session = session
                visit.login = login
                visit.personName = now.person.name
                if request.method == .post {
                    let form = try await FormBody.read(request, upTo: context.maxUploadSize)
                    guard WebSessions.tokensMatch(form["csrf"] ?? "", session.csrf) else { throw Self.formExpired(visit) }
                    visit.form = form
                }
                return try await body(visit)
            } catch {
                return renderer.problem(error, for: visit)
            }
        }
    }

    /// A page of one cooperative, for a person holding at least `needed` there. Another
    /// cooperative's pages are not there (404); too narrow a role is 403, and a form is
    /// not rendered to begin with.
    func coopPage(_ operation: LedgerAction, _ body: @escaping @Sendable (WebVisit, Ledger) async throws -> Response) -> Handler {
        page { visit in
            var visit = visit
            let text = try visit.parameters.require("coop")
            guard let code = try? CoopCode(parsing: text), let login = visit.login,
                let place = try await ledger.workplace(of: login, in: code)
            else { throw Problem.notFound("no cooperative \(text)") }
            try Self.require(operation, of: place.identity, in: code)
            visit.coop = WebVisit.Coop(cooperative: place.coop, identity: place.identity)
            return try await body(visit, ledger.acting(as: login, proving: visit.session?.token))
        }
    }

    /// `Identity.require` as a page sees it: not there (404), or not for you (403).
    static func require(_ operation: LedgerAction, of identity: Identity, in code: CoopCode) throws {
        do throws(AccessRefusal) {
            try identity.require(operation.requiredRole, in: code)
        } catch {
            throw Problem.refused(error, in: code, held: "role")
        }
    }

    /// A narrower role than the page's, for one of its actions.
    func require(_ operation: LedgerAction, _ visit: WebVisit) throws {
        try Self.require(operation, of: visit.coop!.identity, in: visit.coop!.code)
    }

    /// A statement on screen, with links to its printable page and its CSV (`?format=print`,
    /// `?format=csv`), and for a paged one (the journal) to the pages beside it.
    func statementPage(
        _ statement: Statement, _ visit: WebVisit, fileName: String, chartsHTML: String? = nil, districtPages: [StatementPage.Link] = []
    ) -> Response {
        let uri = visit.request.uri
        switch uri.queryParameters[Substring("format")].map(String.init) {
        case "print":
            return WebRenderer.html(statement.html, printable: true)
        case "csv":
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(fileName)\""],
                body: .init(byteBuffer: ByteBuffer(string: statement.csv)))
        case "xlsx":
            do {
                return try ReportsController.workbook(statement, named: (fileName as NSString).deletingPathExtension)
            } catch {
                return renderer.problem(error, for: visit)
            }
        default:
            let path = uri.path + "?" + (uri.query ?? "")
            func pageHref(_ number: Int) -> String {
                let others = (uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("page=") }
                return uri.path + "?" + (others + ["page=\(number)"]).joined(separator: "&")
            }
            let page = statement.page
            return renderer.page(
                .statement, title: statement.title,
                StatementPage(
                    statementHTML: statement.htmlBody, printHref: path + "&format=print", csvHref: path + "&format=csv", xlsxHref: path + "&format=xlsx",
                    previousHref: page.flatMap { $0.number > 1 ? pageHref($0.number - 1) : nil },
                    nextHref: page.flatMap { $0.number < $0.count ? pageHref($0.number + 1) : nil },
                    chartsHTML: chartsHTML, districtPages: districtPages), for: visit)
        }
    }

    /// The names of the cooperative's people, to show 王会计 rather than `wang`.
    static func peopleNames(_ ledger: Ledger, in coop: CoopCode) async throws -> [Login: String] {
        Dictionary(try await ledger.people(of: coop).map { ($0.person.login, $0.person.name) }, uniquingKeysWith: { first, _ in first })
    }

    static func formExpired(_ visit: WebVisit) -> Problem {
        Problem(status: .forbidden, code: "csrf", title: "Forbidden", detail: WebLabels.table(visit.language)["form_expired"]!)
    }

    /// Chinese unless the person chose English (a cookie set by `/language/en`).
    static func language(of request: Request) -> Language {
        request.cookies["lang"].flatMap { Language(rawValue: $0.value) } ?? .zh
    }

    @Sendable func switchLanguage(request: Request, context: LedgerRequestContext) async throws -> Response {
        let language = Language(rawValue: try context.parameters.require("code")) ?? .zh
        let back = request.uri.queryParameters[Substring("back")].map(String.init)
        return WebRenderer.redirect(to: WebVisit.safeReturn(back), cookies: [sessions.cookie("lang", language.rawValue, maxAge: 365 * 24 * 3600)])
    }

    /// The stylesheet and the voucher form's script, from the binary.
    @Sendable func asset(request: Request, context: LedgerRequestContext) async throws -> Response {
        let (bytes, type): ([UInt8], String) =
            switch try context.parameters.require("file") {
            case "workbench.css": (PackageResources.workbench_css, "text/css; charset=utf-8")
            case "voucher-form.js": (PackageResources.voucher_form_js, "text/javascript; charset=utf-8")
            default: throw Problem.notFound("no such asset")
            }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=3600", .xContentTypeOptions: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// A statement on screen (its HTML made by LedgerRendering), its downloads and, for a paged
/// one, its neighbours; a district's report adds its charts and links to the others.
struct StatementPage {
    struct Link {
        let href: String
        let id: String
        let label: String
    }
    let statementHTML: String
    let printHref: String
    let csvHref: String
    let xlsxHref: String
    let previousHref: String?
    let nextHref: String?
    let chartsHTML: String?
    let districtPages: [Link]
}
