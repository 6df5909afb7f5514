import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import Mustache

/// The workbench's templates (compiled into the binary) and how a page becomes a response:
/// HTML-escaped values, the layout's common parts, and headers that keep pages private.
struct WebRenderer: Sendable {
    private let library: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        for template in WebTemplate.allCases {
            try library.register(String(decoding: template.source, as: UTF8.self), named: template.rawValue)
        }
        self.library = library
        for template in WebTemplate.allCases where !renders(template) {
            throw WebTemplateMissing(name: template.rawValue)
        }
    }

    /// The page `template` shows `model` (a struct of the page's own) to `visit`, inside the layout.
    func page(
        _ template: WebTemplate, title: String, _ model: some Any, for visit: WebVisit, status: HTTPResponse.Status = .ok,
        cookies: [Cookie] = []
    ) -> Response {
        let labels = WebLabels.table(visit.language)
        let notice = visit.request.uri.queryParameters[Substring("notice")].map(String.init).flatMap { key in
            key.hasSuffix("_notice") ? labels[key] : nil
        }
        let frame = PageFrame(
            t: labels, title: title, htmlLang: visit.language == .zh ? "zh-CN" : "en", otherLanguage: visit.language == .zh ? "en" : "zh",
            back: visit.returnPath, csrf: visit.session?.csrf, signedIn: visit.session.map { _ in PageFrame.SignedIn(name: visit.personName) },
            coop: visit.coop.map { PageFrame.Coop(code: $0.code.rawValue, name: $0.name, canWrite: $0.identity.role >= .bookkeeper) },
            notice: notice)
        // Every template is registered at start-up (init throws otherwise), so none is missing here.
        let html = library.render(PageContext(frame: frame, model: model), withTemplate: template.rawValue) ?? ""
        return Self.html(html, status: status, cookies: cookies)
    }

    /// Whether `template` renders at all (with no values): every one does, or start-up fails.
    func renders(_ template: WebTemplate) -> Bool {
        library.render(EmptyPage(), withTemplate: template.rawValue) != nil
    }

    /// A refusal or failure as a page of its own.
    func problem(_ error: any Error, for visit: WebVisit) -> Response {
        let problem = Problem.from(error)
        return page(
            .problem, title: problem.title, ProblemPage(status: Int(problem.status.code), heading: problem.title, detail: problem.detail),
            for: visit, status: problem.status)
    }

    struct ProblemPage {
        let status: Int
        let heading: String
        let detail: String
    }

    /// A page: only our own scripts and styles, no framing, nothing cached (pages hold the
    /// books). A printable page (a statement, a voucher) carries its own style sheet and
    /// runs no script at all.
    static func html(_ text: String, status: HTTPResponse.Status = .ok, cookies: [Cookie] = [], printable: Bool = false) -> Response {
        let policy =
            printable
            ? "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
            : "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: policy,
            .cacheControl: "no-store", .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin",
        ]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// After a form: see the result at `path` (303, so a reload does not send it again).
    static func redirect(to path: String, cookies: [Cookie] = []) -> Response {
        var headers: HTTPFields = [.location: path, .cacheControl: "no-store"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
        return Response(status: .seeOther, headers: headers)
    }
}
