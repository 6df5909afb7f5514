import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// The books as auditors read them: the trial balance (`balances`, the contract's shape) and
/// every statement (`reports/{name}`).
struct ReportsController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("balances", use: balances)
        group.get("reports/:name", use: report)
    }

    /// The trial balance, in the contract's shape.
    @Sendable func balances(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, authorizing: .auditor, for: coop)
        var asOf: Day?
        if let text = request.uri.queryParameters[Substring("as_of")] {
            do throws(LedgerError) {
                asOf = try Day(parsing: String(text), field: "as_of")
            } catch {
                throw Problem.invalid("as_of", error.description)
            }
        }
        return JSONResponse.make(try await ledger.trialBalance(of: coop, asOf: asOf).json)
    }

    @Sendable func report(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, authorizing: .auditor, for: coop)
        let nameText = try context.parameters.require("name")
        guard let name = ReportName(rawValue: nameText) else { throw Problem.notFound("no report \(nameText)") }
        let query = request.uri.queryParameters
        var report = ReportRequest(name: name)
        report.year = try Route.year(query[Substring("year")].map(String.init), field: "year")
        report.month = try query[Substring("month")].map { try CalendarMonth(parsing: String($0)) }
        if report.month != nil && (report.year != nil || ![.trialBalance, .journal, .ledger].contains(name)) {
            throw Problem.invalid("month", "month: trial-balance, journal and ledger only, and not with year")
        }
        let languageText = query[Substring("lang")].map(String.init) ?? "zh"
        guard let language = Language(rawValue: languageText) else { throw Problem.invalid("lang", "lang: \(languageText): zh or en") }
        report.language = language
        report.member = try query[Substring("member")].map { try MemberNumber(parsing: String($0), field: "member") }
        report.account = try query[Substring("account")].map { try AccountCode(parsing: String($0), field: "account") }
        let formatText = query[Substring("format")].map(String.init) ?? "json"
        guard let format = OutputFormat(rawValue: formatText), format != .text else { throw Problem.invalid("format", "format: \(formatText): json, csv or html") }
        let statement = try await ledger.report(report, of: coop, today: try Day(year: Today.year, month: 12, day: 31))
        let contentType = switch format {
        case .json, .text: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        }
        return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: statement.rendered(as: format))))
    }
}
