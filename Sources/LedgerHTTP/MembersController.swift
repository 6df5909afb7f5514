import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/coops/{coop}/members`: the roll, registering a member, a member's account (成员账户).
struct MembersController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("members", use: listMembers)
        group.post("members", use: addMember)
        group.get("members/:number", use: memberAccount)
    }

    @Sendable func listMembers(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let page = try Page(request)
        let members = try await ledger.members(of: coop).filter { $0.number.value > page.after }
        let items = members.prefix(page.limit)
        let next = members.count > page.limit ? items.last.map { Int64($0.number.value) } : nil
        return JSONResponse.make(
            .object([
                ("items", .array(items.map { MemberRendering.json($0, showID: false) })),
                ("next_cursor", .optional(next.map(String.init))),
            ]))
    }

    @Sendable func addMember(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .manageMembers, for: coop)
        let body = try await Route.body(request, context, fields: ["number", "name", "id_number", "poor_household", "joined"])
        let member = try Member(
            number: MemberNumber(parsing: String(try body.requiredInteger("number")), field: "number"), name: try body.requiredString("name"),
            idNumber: try body.string("id_number"), isPoorHousehold: try body.bool("poor_household") ?? false,
            joinedOn: try body.string("joined").map { try Day(parsing: $0, field: "joined") }
        )
        let outcome = try await ledger.addMember(member, to: coop)
        return JSONResponse.make(
            MemberRendering.json(member, showID: false),
            status: outcome == .created ? .created : .ok)
    }

    @Sendable func memberAccount(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let number = try MemberNumber(parsing: try context.parameters.require("number"), field: "number")
        let year = try Route.year(request.uri.queryParameters[Substring("year")].map(String.init), field: "year") ?? Today.year
        return JSONResponse.make(try await ledger.memberAccount(number, year: year, in: coop).json(showID: false))
    }
}
