import ArgumentParser
import LedgerCore

/// `--member N` or `--household H`: who a dealing is with. A non-member household's is
/// booked apart (211 / 113, law art. 41) and earns no patronage.
struct HouseholdOptions: ParsableArguments {
    @Option(help: "The member dealt with.")
    var member: String?
    @Option(help: "Or the non-member household dealt with (H3).")
    var household: String?

    func validate() throws {
        if (member == nil) == (household == nil) { throw ValidationError("give --member N or --household H, one of them") }
    }

    func payee() throws -> Payee {
        if let household { return .household(try HouseholdNumber(parsing: household, field: "household")) }
        return .member(try MemberNumber(parsing: member ?? "", field: "member"))
    }
}
