import LedgerCore

/// The benefit statement in the contract's JSON shape, one for the command line and the API.
public enum BenefitRendering {
    public static func json(_ benefits: BenefitStatement) throws(LedgerError) -> JSONValue {
        var households: [JSONValue] = []
        for row in benefits.rows {
            households.append(
                .object(
                    [
                        ("member", .optional(row.member.map { Int64($0.value) })), ("household", .optional(row.household?.description)),
                        ("name", .string(row.name)), ("village", .optional(row.village)), ("poverty", .string(row.poverty.rawValue)),
                        ("is_member", .bool(row.isMember)),
                    ] + (try channels(row.channels)) + [("quantified_shares", .string(row.quantifiedShares.description))]))
        }
        return .object([
            ("coop", .string(benefits.coop.rawValue)), ("year", .integer(Int64(benefits.year))),
            ("households", .array(households)),
            ("totals", .object(try channels(try benefits.totals()))),
            ("households_reached", .integer(Int64(benefits.householdsReached))),
            ("poor_households_reached", .integer(Int64(benefits.poorHouseholdsReached))),
            ("persons_employed", .integer(Int64(benefits.personsEmployed))),
        ])
    }

    static func channels(_ channels: BenefitStatement.Channels) throws(LedgerError) -> [(String, JSONValue)] {
        try channels.figures().map { ($0.key, .string($0.amount.description)) }
    }
}
