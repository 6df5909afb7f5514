import LedgerCore
import Postgres

/// Non-member households (issue 29), numbered within their cooperative.
public struct HouseholdRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Adds the household under the next free number, which it returns. Adders of one
    /// cooperative queue on a lock of their own for the transaction, so none shares a number.
    public func insert(_ household: HouseholdDetails) throws -> HouseholdNumber {
        try connection.query("SELECT pg_advisory_xact_lock(hashtextextended('households:' || coop_id, 0)) FROM cooperatives WHERE coop_id = \(coop.rawValue)")
        let number = try connection.query(
            """
            INSERT INTO households (coop_id, household_no, name, id_number, village, poverty)
            SELECT \(coop.rawValue), coalesce(max(household_no), 0) + 1, \(household.name), \(household.idNumber), \(household.village), \(household.poverty.rawValue)
            FROM households WHERE coop_id = \(coop.rawValue)
            RETURNING household_no
            """
        ).singleRow().decode(Int32.self, at: 0)
        return HouseholdNumber(number)
    }

    public func find(_ number: HouseholdNumber) throws -> Household? {
        try select("AND household_no = \(number.value)").first
    }

    public func find(idNumber: String) throws -> Household? {
        try select("AND id_number = \(idNumber)").first
    }

    public func all() throws -> [Household] {
        try select("")
    }

    /// Records that the household joined as `member` (once: a household becomes one member).
    public func recordJoining(_ number: HouseholdNumber, as member: MemberNumber) throws {
        try connection.query(
            """
            UPDATE households SET member_no = \(member.value) WHERE coop_id = \(coop.rawValue) AND household_no = \(number.value)
            """)
    }

    /// The member a household became, if it joined.
    public func member(of number: HouseholdNumber) throws -> MemberNumber? {
        try connection.query(
            """
            SELECT member_no FROM households WHERE coop_id = \(coop.rawValue) AND household_no = \(number.value)
            """
        ).rows.first.flatMap { try $0.decode(Int32?.self, at: 0) }.map(MemberNumber.init)
    }

    /// Which of `numbers` are households of the cooperative.
    public func existing(_ numbers: Set<HouseholdNumber>) throws -> Set<HouseholdNumber> {
        guard !numbers.isEmpty else { return [] }
        let rows = try connection.query(
            """
            SELECT household_no FROM households WHERE coop_id = \(coop.rawValue) AND household_no = ANY(\(numbers.map(\.value)))
            """
        ).rows
        return Set(try rows.map { HouseholdNumber(try $0.decode(Int32.self, at: 0)) })
    }

    private func select(_ filter: Query) throws -> [Household] {
        try connection.query(
            """
            SELECT household_no, name, id_number, village, poverty
            FROM households WHERE coop_id = \(coop.rawValue) \(filter) ORDER BY household_no
            """
        ).rows.map { row in
            Household(
                number: HouseholdNumber(try row.decode(Int32.self, at: 0)),
                details: try HouseholdDetails(
                    name: row.decode(String.self, at: 1), idNumber: row.decode(String?.self, at: 2), village: row.decode(String?.self, at: 3),
                    poverty: Poverty(parsing: row.decode(String.self, at: 4), field: "poverty")
                ))
        }
    }
}
