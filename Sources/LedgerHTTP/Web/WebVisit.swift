import Foundation
import Hummingbird
import LedgerCore

/// One page request as the workbench sees it: the request, the language, the session and
/// person (once signed in), the cooperative (on its pages) and the submitted form (POST).
struct WebVisit: Sendable {
    struct Coop: Sendable {
        let cooperative: Cooperative
        let identity: Identity
        var code: CoopCode { cooperative.code }
        var name: String { cooperative.name }
    }

    let request: Request
    let language: Language
    var session: WebSession?
    var login: Login?
    var personName = ""
    var coop: Coop?
    var form = FormBody()
    /// The route's path parameters (`:coop`, `:id`).
    let parameters: Parameters

    init(request: Request, parameters: Parameters, language: Language) {
        self.request = request
        self.parameters = parameters
        self.language = language
    }

    var labels: [String: String] { WebLabels.table(language) }
    func label(_ key: String) -> String { labels[key] ?? key }

    /// This page's path and query, percent-encoded for a `back=` parameter.
    var returnPath: String {
        let path = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
        return path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/coops"
    }

    /// Only a path on this site (`/…`, not `//host`) is followed back to.
    static func safeReturn(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"),
            path.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 })
        else { return "/coops" }
        return path
    }
}
