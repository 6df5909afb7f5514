import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// Dealings with members: purchases, sales, subsidies, leases, loan equity. Each is a thin
/// call to the same use case as the command line.
struct OperationsController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.post("purchases", use: purchase)
        group.post("sales", use: sale)
        group.post("subsidies", use: subsidy)
        group.post("leases", use: lease)
        group.post("loan-equity", use: loanEquity)
    }

    @Sendable func purchase(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, authorizing: .bookkeeper, for: coop)
        let body = try await Route.body(request, context, fields: ["key", "date", "member", "product", "quantity_kg", "market_price", "premium", "price_date", "price_source", "paid"])
        let date = try Day(parsing: try body.requiredString("date"), field: "date")
        let slip = try PurchaseSlip(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"), product: try body.requiredString("product"),
            quantity: Weight(parsingKilograms: try body.requiredString("quantity_kg"), field: "quantity_kg"),
            marketPrice: UnitPrice(parsingYuanPerKilogram: try body.requiredString("market_price"), field: "market_price"),
            priceDate: try body.string("price_date").map { try Day(parsing: $0, field: "price_date") },
            priceSource: try body.string("price_source"),
            premium: try body.string("premium").map { try BasisPoints(parsingPercent: $0, field: "premium") }
        )
        let outcome = try await ledger.purchase(slip, date: date, key: try ClientKey(try body.requiredString("key")), paidAtOnce: try body.bool("paid") ?? false, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    @Sendable func sale(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, authorizing: .bookkeeper, for: coop)
        let body = try await Route.body(request, context, fields: ["key", "date", "member", "product", "quantity_kg", "price", "paid"])
        let sale = try Sale(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"), product: try body.requiredString("product"),
            quantity: Weight(parsingKilograms: try body.requiredString("quantity_kg"), field: "quantity_kg"),
            price: UnitPrice(parsingYuanPerKilogram: try body.requiredString("price"), field: "price")
        )
        let outcome = try await ledger.sell(sale, date: try Day(parsing: try body.requiredString("date"), field: "date"),
                                            key: try ClientKey(try body.requiredString("key")), paidAtOnce: try body.bool("paid") ?? false, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    @Sendable func subsidy(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, authorizing: .admin, for: coop)
        let body = try await Route.body(request, context, fields: ["key", "date", "amount", "source", "by", "memo"])
        let sourceText = try body.requiredString("source")
        guard let source = Subsidy.Source(rawValue: sourceText) else { throw Problem.invalid("source", "source: \(sourceText): state or donation") }
        let byText = try body.string("by") ?? Subsidy.Quantification.equal.rawValue
        guard let quantification = Subsidy.Quantification(rawValue: byText) else { throw Problem.invalid("by", "by: \(byText): equal or capital") }
        let subsidy = try Subsidy(amount: Money(parsing: try body.requiredString("amount"), field: "amount"), source: source,
                                  quantification: quantification, memo: try body.string("memo") ?? "")
        let (outcome, _) = try await ledger.addSubsidy(subsidy, date: try Day(parsing: try body.requiredString("date"), field: "date"),
                                                       key: try ClientKey(try body.requiredString("key")), in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    @Sendable func lease(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, authorizing: .admin, for: coop)
        let body = try await Route.body(request, context, fields: ["key", "member", "area_mu", "rate", "start", "end"])
        let lease = try Lease(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"),
            area: Area(parsingMu: try body.requiredString("area_mu"), field: "area_mu"),
            yearlyRatePerMu: Money(parsing: try body.requiredString("rate"), field: "rate"),
            startsOn: Day(parsing: try body.requiredString("start"), field: "start"),
            endsOn: try body.string("end").map { try Day(parsing: $0, field: "end") }
        )
        let (id, outcome) = try await ledger.addLease(lease, key: try body.string("key"), in: coop)
        return JSONResponse.make(.object([("lease", .integer(id))]), status: outcome == .created ? .created : .ok)
    }

    @Sendable func loanEquity(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, authorizing: .admin, for: coop)
        let body = try await Route.body(request, context, fields: ["key", "member", "principal", "start", "years", "payout", "treatment"])
        let treatmentText = try body.string("treatment") ?? "liability"
        guard let treatment = LoanEquityTreatment(rawValue: treatmentText) else {
            throw Problem.invalid("treatment", "treatment: \(treatmentText): liability or equity")
        }
        let contract = try LoanEquityContract(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"),
            principal: Money(parsing: try body.requiredString("principal"), field: "principal"),
            startsOn: Day(parsing: try body.requiredString("start"), field: "start"), years: try body.requiredInteger("years"),
            yearlyPayout: Money(parsing: try body.string("payout") ?? "0", field: "payout"), treatment: treatment
        )
        let (id, outcome) = try await ledger.addLoanEquity(contract, key: try body.string("key"), in: coop)
        return JSONResponse.make(.object([("contract", .integer(id))]), status: outcome == .created ? .created : .ok)
    }
}
