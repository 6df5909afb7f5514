import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService
import Postgres

/// An error as `application/problem+json` (RFC 9457), with a stable `code` and, for
/// validation, the failing field. Never a stack trace or SQL text.
public struct Problem: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let title: String
    public let detail: String
    public var field: String?

    public init(status: HTTPResponse.Status, code: String, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.field = field
    }

    static let unauthorized = Problem(status: .unauthorized, code: "unauthorized", title: "Unauthorized", detail: "a valid bearer token is required")

    static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, code: "not_found", title: "Not found", detail: detail)
    }

    /// `Identity.require`'s refusal as the API and the pages say it: another cooperative is
    /// not there (404); a role too narrow is 403, naming both (`held` is "token" or "role").
    static func refused(_ refusal: AccessRefusal, in coop: CoopCode, held: String) -> Problem {
        switch refusal {
        case .notFound:
            notFound("no cooperative \(coop)")
        case .forbidden(let needed, let role):
            Problem(status: .forbidden, code: "forbidden", title: "Forbidden", detail: "this needs a \(needed.rawValue) \(held); yours is \(role.rawValue)")
        }
    }

    static func invalid(_ field: String, _ detail: String, code: String = "invalid_input") -> Problem {
        Problem(status: .unprocessableContent, code: code, title: "Invalid input", detail: detail, field: field)
    }

    /// The RFC 9457 document.
    var document: JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string("about:blank")), ("title", .string(title)), ("status", .integer(Int64(status.code))),
            ("code", .string(code)), ("detail", .string(detail)),
        ]
        if let field { members.append(("field", .string(field))) }
        return .object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(
            status: status,
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: document.rendered))
        )
    }

    /// The problem for any error a route can meet.
    public static func from(_ error: any Error) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let refusal as LedgerError:
            let status: HTTPResponse.Status =
                switch refusal.code {
                case .idempotencyConflict, .duplicate, .alreadyReversed, .notReversible, .periodClosed, .periodOrder, .appendOnly, .recordProtected,
                    .voucherRule, .notAMember, .shareBelowZero, .voucherChanged:
                    .conflict
                case .unknownEntry, .unknownCooperative, .unknownDistrict, .unknownContract, .unknownRun, .unknownAsset, .unknownToken, .unknownPerson,
                    .unknownVoucher:
                    .notFound
                case .unknownMember where refusal.field == "member" || refusal.field == "number": .notFound
                case .unknownHousehold where refusal.field == "household": .notFound
                case .forbidden: .forbidden
                case .busy: .tooManyRequests
                default: .unprocessableContent
                }
            return Problem(
                status: status, code: refusal.code.rawValue, title: status == .conflict ? "Conflict" : "Refused",
                detail: refusal.description, field: refusal.field.isEmpty ? nil : refusal.field)
        case let refusal as StrictJSON.Refusal:
            return invalid(refusal.field, [refusal.field.isEmpty ? nil : refusal.field, refusal.message].compactMap { $0 }.joined(separator: ": "))
        case let refused as ImportRefused:
            // A file's (or a payroll's) bad lines, each by its number.
            return invalid(refused.errors.first?.field ?? "", refused.errors.map(\.description).joined(separator: "; "))
        case let refusal as ImportError:
            return invalid(refusal.field, [refusal.field.isEmpty ? nil : refusal.field, refusal.message].compactMap { $0 }.joined(separator: ": "))
        case let database as PostgresError where database.isConnectionFailure:
            return Problem(
                status: .serviceUnavailable, code: "database_unavailable", title: "Service unavailable", detail: "the database cannot be reached; try again")
        case let database as PostgresError
        where database.kind == .encoding || database.sqlState?.code.hasPrefix("22") == true || database.sqlState == .checkViolation:
            // A value the database will not hold: bad input, said without the server's detail.
            return invalid("", "a value was refused by the database (\(database.sqlState?.code ?? "encoding"))")
        case let http as any HTTPResponseError where http.status == .contentTooLarge:
            // Hummingbird's own (a body over the limit is NIOTooManyBytesError).
            return Problem(
                status: .contentTooLarge, code: "body_too_large", title: "Body too large", detail: "request bodies are at most \(HTTPLimits.bodyBytesMax) bytes"
            )
        case let http as any HTTPResponseError where http.status != .internalServerError:
            return Problem(status: http.status, code: "http_\(http.status.code)", title: http.status.reasonPhrase, detail: http.status.reasonPhrase)
        default:
            return Problem(status: .internalServerError, code: "internal", title: "Internal error", detail: "the request failed; it has been logged")
        }
    }
}

/// Turns every error into a problem response, and logs the unexpected ones.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status == .internalServerError {
                // The error's description: never the server's detail, which can hold row data.
                context.logger.error("request failed", metadata: ["error": "\(type(of: error)): \(error)"])
            }
            return try problem.response(from: request, context: context)
        }
    }
}
