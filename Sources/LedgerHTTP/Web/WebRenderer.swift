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
        let templates: [(String, [UInt8])] = [
            ("layout", PackageResources.layout_mustache), ("sign-in", PackageResources.sign_in_mustache),
            ("coops", PackageResources.coops_mustache), ("today", PackageResources.today_mustache),
            ("vouchers", PackageResources.vouchers_mustache), ("voucher", PackageResources.voucher_mustache),
            ("voucher-form", PackageResources.voucher_form_mustache), ("books", PackageResources.books_mustache),
            ("statement", PackageResources.statement_mustache), ("members", PackageResources.members_mustache),
            ("audit", PackageResources.audit_mustache), ("problem", PackageResources.problem_mustache),
            ("operations", PackageResources.operations_mustache), ("entry", PackageResources.entry_mustache),
            ("year-end", PackageResources.year_end_mustache), ("import", PackageResources.import_mustache),
            // A partial: every form's CSRF field (`{{> csrf}}`), written once.
            ("csrf", PackageResources.csrf_mustache),
        ]
        for (name, bytes) in templates { try library.register(String(decoding: bytes, as: UTF8.self), named: name) }
        self.library = library
    }

    /// The page `template` shows `values` to `visit`, inside the layout.
    func page(_ template: String, title: String, _ values: [String: Any], for visit: WebVisit, status: HTTPResponse.Status = .ok,
              cookies: [Cookie] = []) -> Response {
        let labels = WebLabels.table(visit.language)
        var context: [String: Any] = [
            "t": labels, "title": title, "htmlLang": visit.language == .zh ? "zh-CN" : "en",
            "otherLanguage": visit.language == .zh ? "en" : "zh", "back": visit.returnPath,
        ]
        if let session = visit.session {
            context["csrf"] = session.csrf
            context["signedIn"] = ["name": visit.personName]
        }
        if let coop = visit.coop {
            context["coop"] = ["code": coop.code.rawValue, "name": coop.name, "canWrite": coop.identity.role >= .bookkeeper]
        }
        if let key = visit.request.uri.queryParameters[Substring("notice")].map(String.init), key.hasSuffix("_notice"),
           let text = labels[key] {
            context["notice"] = text
        }
        for (key, value) in values { context[key] = value }
        let html = library.render(Self.withoutNils(context), withTemplate: template) ?? ""
        return Self.html(html, status: status, cookies: cookies)
    }

    /// Optional values unwrapped, and absent ones left out, so that `{{#error}}` is false and
    /// nothing prints "nil" (mustache sees an `Optional` as a value).
    static func withoutNils(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return withoutNils(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues(withoutNils) }
        if let array = value as? [[String: Any]] { return array.map { $0.compactMapValues(withoutNils) } }
        return value
    }

    /// A refusal or failure as a page of its own.
    func problem(_ error: any Error, for visit: WebVisit) -> Response {
        let problem = Problem.from(error)
        return page("problem", title: problem.title, ["status": Int(problem.status.code), "heading": problem.title, "detail": problem.detail],
                    for: visit, status: problem.status)
    }

    /// A page: only our own scripts and styles, no framing, nothing cached (pages hold the
    /// books). A printable page (a statement, a voucher) carries its own style sheet and
    /// runs no script at all.
    static func html(_ text: String, status: HTTPResponse.Status = .ok, cookies: [Cookie] = [], printable: Bool = false) -> Response {
        let policy = printable
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
