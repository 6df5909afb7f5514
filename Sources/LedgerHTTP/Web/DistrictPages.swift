import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// A supervisor's pages (区农经站): the district's indicators with their charts, and its
/// closing status; printable, and downloadable as CSV or Excel like every statement.
struct DistrictPages: Sendable {
    let workbench: Workbench

    func register(on router: Router<LedgerRequestContext>) {
        router.get("districts/:district", use: workbench.page(indicators))
        router.get("districts/:district/status", use: workbench.page(status))
    }

    @Sendable func indicators(_ visit: WebVisit) async throws -> Response {
        let (code, statement) = try await report(.indicators, visit)
        let charts = BarChart.districtCharts(statement).map(\.svg).joined(separator: "\n")
        return workbench.statementPage(statement, visit, fileName: "\(code)-indicators.csv",
                                       extra: ["chartsHTML": charts, "statusHref": "/districts/\(code)/status"])
    }

    @Sendable func status(_ visit: WebVisit) async throws -> Response {
        let (code, statement) = try await report(.status, visit)
        return workbench.statementPage(statement, visit, fileName: "\(code)-status.csv")
    }

    private func report(_ name: DistrictStatements.Name, _ visit: WebVisit) async throws -> (DistrictCode, Statement) {
        let code = try DistrictCode(parsing: try visit.parameters.require("district"))
        let query = visit.request.uri.queryParameters
        let year = try Route.year(query[Substring("year")].map(String.init), field: "year") ?? Today.year
        let township = query[Substring("township")].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let statement = try await workbench.ledger.acting(as: visit.login!, proving: visit.session?.token).districtReport(
            name, of: code, year: year, township: township, language: visit.language, today: try Day(year: Today.year, month: 12, day: 31))
        return (code, statement)
    }
}
