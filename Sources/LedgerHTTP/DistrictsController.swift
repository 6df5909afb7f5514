import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/districts/{district}/reports/{name}`: a district's reports for its supervisor
/// (`indicators`, `status`), with a token of theirs (`POST /v1/coops/{coop}/sessions` for any
/// cooperative of the district). Another district's is not there (404 unknown_district).
struct DistrictsController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("reports/:name", use: report)
    }

    @Sendable func report(request: Request, context: LedgerRequestContext) async throws -> Response {
        guard let identity = context.identity else { throw Problem.unauthorized }
        let code = try DistrictCode(parsing: try context.parameters.require("district"))
        let nameText = try context.parameters.require("name")
        guard let name = DistrictStatements.Name(rawValue: nameText) else { throw Problem.notFound("no district report \(nameText)") }
        let query = request.uri.queryParameters
        let year = try Route.year(query[Substring("year")].map(String.init), field: "year") ?? Today.year
        let township = query[Substring("township")].map(String.init)
        let languageText = query[Substring("lang")].map(String.init) ?? "zh"
        guard let language = Language(rawValue: languageText) else { throw Problem.invalid("lang", "lang: \(languageText): zh or en") }
        let formatText = query[Substring("format")].map(String.init) ?? "json"
        let statement = try await context.ledger(ledger, actingAs: identity).districtReport(
            name, of: code, year: year, township: township, language: language)
        if formatText == "xlsx" { return try ReportsController.workbook(statement, named: "\(code)-\(name.rawValue)") }
        guard let format = OutputFormat(rawValue: formatText) else { throw Problem.invalid("format", "format: \(formatText): json, text, csv, html or xlsx") }
        return ReportsController.rendered(statement, as: format)
    }
}
