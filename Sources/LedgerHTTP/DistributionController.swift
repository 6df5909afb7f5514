import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/coops/{coop}/dividends/{year}`: the year's surplus distribution, previewed and posted.
struct DistributionController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("dividends/:year/preview", use: preview)
        group.post("dividends/:year", use: postDistribution)
    }

    @Sendable func preview(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let year = try Route.year(try context.parameters.require("year"), field: "year")!
        return JSONResponse.make(try await ledger.previewDistribution(year: year, in: coop).json)
    }

    @Sendable func postDistribution(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .distribution, for: coop)
        let year = try Route.year(try context.parameters.require("year"), field: "year")!
        let run = try await ledger.postDistribution(year: year, in: coop)
        guard case .object(let figures) = run.distribution.json else { return JSONResponse.make(run.distribution.json) }
        return JSONResponse.make(.object([("run", .integer(run.id))] + figures), status: .created)
    }
}
