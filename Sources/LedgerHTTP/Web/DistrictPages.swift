import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// A supervisor's pages (区农经站): the district's indicators, households reached and poor
/// households' income, with their charts, and its closing status; printable, and
/// downloadable as CSV or Excel like every statement.
struct DistrictPages: Sendable {
    let workbench: Workbench

    func register(on router: Router<LedgerRequestContext>) {
        router.get("districts/:district", use: workbench.page { try await page(.indicators, $0) })
        router.get("districts/:district/households", use: workbench.page { try await page(.households, $0) })
        router.get("districts/:district/poor-households", use: workbench.page { try await page(.poorHouseholds, $0) })
        router.get("districts/:district/status", use: workbench.page { try await page(.status, $0) })
    }

    /// A district report's page, its charts beside the table, and links to the others.
    private func page(_ name: DistrictStatements.Name, _ visit: WebVisit) async throws -> Response {
        let (code, statement) = try await report(name, visit)
        let charts: [BarChart] =
            switch name {
            case .indicators: BarChart.districtCharts(statement)
            case .households: BarChart.householdCharts(statement)
            case .poorHouseholds: BarChart.poorHouseholdCharts(statement)
            case .status: []
            }
        let others = DistrictStatements.Name.allCases.filter { $0 != name }.map { other in
            StatementPage.Link(
                href: "/districts/\(code)" + (other == .indicators ? "" : "/\(other.rawValue)"), id: other.rawValue,
                label: visit.label("district_" + other.rawValue.replacingOccurrences(of: "-", with: "_")))
        }
        return workbench.statementPage(
            try onScreen(statement, name, visit), visit, fileName: "\(code)-\(name.rawValue).csv", chartsHTML: charts.map(\.svg).joined(separator: "\n"),
            districtPages: others)
    }

    /// Poor households on screen a page at a time (`?page=N`): a district has thousands, and
    /// a page of them all takes longer to send and draw than anyone reads. Printed, CSV and
    /// Excel keep them all.
    private func onScreen(_ statement: Statement, _ name: DistrictStatements.Name, _ visit: WebVisit) throws -> Statement {
        let query = visit.request.uri.queryParameters
        guard name == .poorHouseholds, query[Substring("format")] == nil else { return statement }
        let number = try query[Substring("page")].map { try Route.pageNumber(String($0), upTo: Int.max) } ?? 1
        return DistrictStatements.page(statement, number: number, householdsPerPage: Self.poorHouseholdsPerPage)
    }

    static let poorHouseholdsPerPage = 200

    private func report(_ name: DistrictStatements.Name, _ visit: WebVisit) async throws -> (DistrictCode, Statement) {
        let code = try DistrictCode(parsing: try visit.parameters.require("district"))
        let query = visit.request.uri.queryParameters
        let year = try Route.year(query[Substring("year")].map(String.init), field: "year") ?? Today.year
        let township = query[Substring("township")].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let statement = try await workbench.ledger.acting(as: visit.login!, proving: visit.session?.token).districtReport(
            name, of: code, year: year, township: township, language: visit.language)
        return (code, statement)
    }
}
