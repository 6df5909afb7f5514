import LedgerCore

public enum HouseholdRendering {
    /// A household as JSON, one shape for the command line and the HTTP API; its ID
    /// number masked as members' are.
    public static func json(_ household: Household) -> JSONValue {
        .object([
            ("household", .string(household.number.description)), ("name", .string(household.name)),
            ("id_number", .optional(household.maskedIDNumber)), ("village", .optional(household.village)),
            ("poverty", .string(household.poverty.rawValue)),
        ])
    }

    public static func render(_ households: [Household], as format: OutputFormat) -> String {
        if format == .json { return JSONValue.array(households.map(json)).rendered }
        return ListRendering.render(
            columns: [.init("household"), .init("name"), .init("id_number"), .init("village"), .init("poverty")],
            rows: households.map { [$0.number.description, $0.name, $0.maskedIDNumber ?? "", $0.village ?? "", $0.poverty.rawValue] },
            as: format, emptyText: "no households yet (a member is a household with a member number)"
        )
    }
}
