import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/coops/{coop}/households` (non-member households) and `/payroll` (a month's wages
/// per person, and their payment).
struct HouseholdsController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("households", use: list)
        group.post("households", use: add)
        group.get("households/:household", use: show)
        group.post("payroll", use: postPayroll)
        group.post("payroll/payments", use: payPayroll)
    }

    @Sendable func list(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let page = try Page(request)
        let households = try await ledger.households(of: coop).filter { Int64($0.number.value) > page.after }
        let items = households.prefix(page.limit)
        let next = households.count > page.limit ? items.last.map { Int64($0.number.value) } : nil
        return JSONResponse.make(
            .object([
                ("items", .array(items.map(HouseholdRendering.json))), ("next_cursor", .optional(next.map(String.init))),
            ]))
    }

    @Sendable func add(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .addHousehold, for: coop)
        let details = try OperationInput.household(try await Route.body(request, context, fields: OperationInput.householdFields))
        let (number, outcome) = try await ledger.addHousehold(details, in: coop)
        return JSONResponse.make(HouseholdRendering.json(Household(number: number, details: details)), status: outcome == .created ? .created : .ok)
    }

    @Sendable func show(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let number = try HouseholdNumber(parsing: try context.parameters.require("household"), field: "household")
        return JSONResponse.make(HouseholdRendering.json(try await ledger.household(number, in: coop)))
    }

    /// `{"month":"2026-03","key":..,"cost_account":"401","lines":[{"person":"7","amount":"1500.00","days":22,"memo":..}]}`.
    @Sendable func postPayroll(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .payroll, for: coop)
        let body = try await Route.body(request, context, fields: ["month", "key", "cost_account", "lines"])
        let lines = try body.objects("lines", fields: ["person", "amount", "days", "memo"], countMax: Payroll.linesMax).enumerated().map { index, line in
            do {
                // The one reader of a payroll line, as a file's and the workbench's are read.
                return try PayrollFile.line(
                    person: try line.requiredString("person"), amount: try line.requiredString("amount"),
                    days: try line.integer("days").map(String.init), memo: try line.string("memo"))
            } catch let error as LedgerError {
                throw Problem.invalid("lines[\(index + 1)].\(error.field)", "lines[\(index + 1)]: \(error.description)")
            }
        }
        let payroll = try Payroll(
            month: CalendarMonth(parsing: try body.requiredString("month")), lines: lines,
            costAccount: try body.string("cost_account").map { try AccountCode(parsing: $0, field: "cost_account") } ?? .productionCosts
        )
        let outcome = try await ledger.postPayroll(payroll, key: try ClientKey(try body.requiredString("key")), in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }

    /// `{"month":"2026-03","date":"2026-04-05","key":..}`: 201 with the payment entry; 204 when nothing is owed.
    @Sendable func payPayroll(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .payrollPayment, for: coop)
        let body = try await Route.body(request, context, fields: ["month", "date", "key"])
        guard
            let outcome = try await ledger.payPayroll(
                month: CalendarMonth(parsing: try body.requiredString("month")), date: Day(parsing: try body.requiredString("date"), field: "date"),
                key: try ClientKey(try body.requiredString("key")), in: coop
            )
        else { return Response(status: .noContent) }
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }
}
