import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import LedgerCore
import LedgerRendering

/// One request to `serve` at a time, with the signed-in person's token. A problem document
/// from the server becomes `RemoteRefusal` (its code and detail, exit 1); a server that
/// cannot be reached, exit 3.
struct RemoteClient {
    let session: RemoteSession

    struct Reply {
        let status: Int
        let body: Data
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The JSON object the server answered with.
        func object() throws -> [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw RemoteRefusal(status: status, code: "bad_reply", detail: "the server's answer is not a JSON object")
            }
            return object
        }
    }

    /// `path` under the cooperative: `vouchers/4/approval`.
    func send(_ method: String, _ path: String, query: [(String, String?)] = [], json: JSONValue? = nil) async throws -> Reply {
        var components = URLComponents(string: "\(session.server)/v1/coops/\(session.coop)/\(path)")
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        if !items.isEmpty { components?.queryItems = items }
        guard let url = components?.url else {
            throw LedgerError(.invalidValue, field: "server", value: session.server, rule: "not an http:// or https:// address")
        }
        var request = URLRequest(url: url, timeoutInterval: 120)
        request.httpMethod = method
        if !session.token.isEmpty { request.setValue("Bearer \(session.token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.rendered.utf8)
        }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw RemoteUnreachable(server: session.server, reason: error.localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw RemoteRefusal(status: status, body: data) }
        return Reply(status: status, body: data)
    }
}

/// The server refused: its problem document's code and detail.
struct RemoteRefusal: Error, CustomStringConvertible {
    let status: Int
    let code: String
    let detail: String

    init(status: Int, code: String, detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    init(status: Int, body: Data) {
        let problem = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        self.status = status
        code = problem?["code"] as? String ?? "http_\(status)"
        let detail = problem?["detail"] as? String ?? "the server answered \(status)"
        self.detail = status == 401 ? detail + " (sign in again with `coopledger login`)" : detail
    }

    var description: String { detail }
}

struct RemoteUnreachable: Error, CustomStringConvertible {
    let server: String
    let reason: String
    var description: String { "cannot reach \(server): \(reason)" }
}
