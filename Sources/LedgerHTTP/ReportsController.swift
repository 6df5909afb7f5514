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
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
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
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let report = try Route.reportRequest(name: try context.parameters.require("name"), request)
        let query = request.uri.queryParameters
        let formatText = query[Substring("format")].map(String.init) ?? "json"
        let today = try Day(year: Today.year, month: 12, day: 31)
        if formatText == "xlsx" {
            return try Self.workbook(try await ledger.report(report, of: coop, today: today), named: "\(coop)-\(report.name.rawValue)")
        }
        guard let format = OutputFormat(rawValue: formatText) else { throw Problem.invalid("format", "format: \(formatText): json, text, csv or html") }
        if report.name == .benefits && format == .json {
            return JSONResponse.make(try BenefitRendering.json(try await ledger.benefits(report, today: today, in: coop)))
        }
        let statement = try await ledger.report(report, of: coop, today: today)
        return Self.rendered(statement, as: format)
    }

    /// A statement as JSON, text, CSV or a printable page.
    static func rendered(_ statement: Statement, as format: OutputFormat) -> Response {
        let contentType =
            switch format {
            case .json: "application/json"
            case .text: "text/plain; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            case .html: "text/html; charset=utf-8"
            }
        return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: statement.rendered(as: format))))
    }

    /// A statement as an Excel workbook, downloaded as `NAME.xlsx`.
    static func workbook(_ statement: Statement, named name: String) throws -> Response {
        let bytes = try StatementWorkbook.bytes([statement])
        return Response(
            status: .ok,
            headers: [
                .contentType: StatementWorkbook.contentType,
                .contentDisposition: "attachment; filename=\"\(name).xlsx\"",
            ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
