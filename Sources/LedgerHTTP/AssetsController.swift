import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/coops/{coop}/assets`: the asset register, a month's depreciation, a disposal.
struct AssetsController {
    let ledger: Ledger

    static let addFields: Set<String> = [
        "key", "class", "name", "cost", "acquired", "life_months", "salvage", "count", "cost_account", "from", "depreciated", "months_depreciated",
    ]

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("assets", use: list)
        group.post("assets", use: add)
        group.post("assets/depreciation", use: depreciate)
        group.post("assets/:asset/disposals", use: dispose)
    }

    @Sendable func list(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        return JSONResponse.make(.object([("items", .array(try await ledger.assets(of: coop).map(AssetRendering.json)))]))
    }

    /// `{"key","class":"fixed|breeding","name","cost","acquired","life_months",["salvage","count","cost_account","from"]}`:
    /// 201 with the asset, 200 when that key entered it already.
    @Sendable func add(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .manageAssets, for: coop)
        let input = try OperationInput.asset(try await Route.body(request, context, fields: Self.addFields))
        let (number, outcome) = try await ledger.addAsset(input.asset, key: input.key, in: coop)
        guard let record = try await ledger.asset(number, in: coop) else { throw Problem.notFound("no asset A\(number)") }
        return JSONResponse.make(AssetRendering.json(record), status: outcome == .created ? .created : .ok)
    }

    /// `{"month":"2026-02"}`: 201 with the month's entry, 200 when posted already, 204 when no asset is due.
    @Sendable func depreciate(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .depreciate, for: coop)
        let body = try await Route.body(request, context, fields: ["month"])
        guard let outcome = try await ledger.depreciate(month: try CalendarMonth(parsing: try body.requiredString("month")), in: coop) else {
            return Response(status: .noContent)
        }
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    /// `{"key","date","proceeds",["count","reason"]}`: 201 with the disposal's entry, 200 when that key disposed of it already.
    @Sendable func dispose(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .manageAssets, for: coop)
        let body = try await Route.body(request, context, fields: ["key", "date", "proceeds", "count", "reason"])
        let input = try OperationInput.disposal(body, asset: try context.parameters.require("asset"))
        let outcome = try await ledger.disposeAsset(
            input.asset, date: input.date, count: input.count, proceeds: input.proceeds,
            reason: input.reason, key: input.key, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }
}
