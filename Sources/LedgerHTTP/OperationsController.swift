import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// Dealings with members: purchases, sales, capital, subsidies, leases, loan equity. Each is a thin
/// call to the same use case as the command line.
struct OperationsController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.post("purchases", use: purchase)
        group.post("sales", use: sale)
        group.post("capital", use: capital)
        group.post("subsidies", use: subsidy)
        group.post("leases", use: lease)
        group.post("loan-equity", use: loanEquity)
    }

    @Sendable func purchase(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .purchase, for: coop)
        let input = try OperationInput.purchase(try await Route.body(request, context, fields: OperationInput.purchaseFields))
        let outcome = try await ledger.purchase(input.slip, date: input.date, key: input.key, paidAtOnce: input.paid, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    @Sendable func sale(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .sale, for: coop)
        let input = try OperationInput.sale(try await Route.body(request, context, fields: OperationInput.saleFields))
        let outcome = try await ledger.sell(input.sale, date: input.date, key: input.key, paidAtOnce: input.paid, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    @Sendable func capital(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .capital, for: coop)
        let input = try OperationInput.capital(try await Route.body(request, context, fields: OperationInput.capitalFields))
        let outcome = try await ledger.contribute(member: input.member, amount: input.amount, source: input.source, date: input.date, key: input.key, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    @Sendable func subsidy(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .subsidy, for: coop)
        let input = try OperationInput.subsidy(try await Route.body(request, context, fields: OperationInput.subsidyFields))
        let (outcome, _) = try await ledger.addSubsidy(input.subsidy, date: input.date, key: input.key, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    @Sendable func lease(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .lease, for: coop)
        let input = try OperationInput.lease(try await Route.body(request, context, fields: OperationInput.leaseFields))
        let (id, outcome) = try await ledger.addLease(input.lease, key: input.key, in: coop)
        return JSONResponse.make(.object([("lease", .integer(id))]), status: outcome == .created ? .created : .ok)
    }

    @Sendable func loanEquity(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .loanEquity, for: coop)
        let input = try OperationInput.loanEquity(try await Route.body(request, context, fields: OperationInput.loanEquityFields))
        let (id, outcome) = try await ledger.addLoanEquity(input.contract, key: input.key, in: coop)
        return JSONResponse.make(.object([("contract", .integer(id))]), status: outcome == .created ? .created : .ok)
    }
}
