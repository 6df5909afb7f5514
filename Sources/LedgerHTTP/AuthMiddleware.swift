import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// Reads `Authorization: Bearer …` and sets the context's identity; 401 when missing or unknown.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let ledger: Ledger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearer(request), let identity = try await ledger.identity(ofToken: token) else { throw Problem.unauthorized }
        var context = context
        context.identity = identity
        context.token = token
        return try await next(request, context)
    }

    /// The bearer token the request carries.
    static func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { return nil }
        return header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
    }
}
