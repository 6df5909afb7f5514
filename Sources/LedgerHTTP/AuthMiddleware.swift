import Hummingbird
import LedgerCore
import LedgerService

/// Reads `Authorization: Bearer …` and sets the context's identity; 401 when missing or unknown.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext
    let ledger: Ledger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw Problem.unauthorized }
        guard let identity = try await ledger.identity(ofToken: String(header.dropFirst("Bearer ".count))) else { throw Problem.unauthorized }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
