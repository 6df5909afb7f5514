import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Adds a household that is not a member. A household with an ID number is one
    /// identity: adding it again with the same details gives its number back (a retry is
    /// safe); other details, or a member's ID number, are refused. Without an ID number
    /// each call adds a household.
    public func addHousehold(_ details: HouseholdDetails, in coop: CoopCode) async throws -> (number: HouseholdNumber, outcome: CreateOutcome) {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let households = HouseholdRepository(connection, coop: coop)
            if let idNumber = details.idNumber {
                if let member = try MemberRepository(connection, coop: coop).find(idNumber: idNumber) {
                    throw LedgerError(
                        .duplicate, field: "id-number", value: IDNumber.masked(idNumber),
                        rule: "this is member \(member.number) (\(member.name)); a member's dealings are booked to their member number")
                }
                if let existing = try households.find(idNumber: idNumber) {
                    guard existing.details == details else {
                        throw LedgerError(
                            .duplicate, field: "id-number", value: IDNumber.masked(idNumber),
                            rule: "household \(existing.number) has this ID number, with other details")
                    }
                    return (existing.number, .alreadyPresent)
                }
            }
            return (try households.insert(details), .created)
        }
    }

    public func households(of coop: CoopCode) async throws -> [Household] {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try HouseholdRepository(connection, coop: coop).all()
        }
    }

    public func household(_ number: HouseholdNumber, in coop: CoopCode) async throws -> Household {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            guard let household = try HouseholdRepository(connection, coop: coop).find(number) else {
                throw LedgerError(.unknownHousehold, field: "household", value: number.description, rule: "no such household in this cooperative")
            }
            return household
        }
    }

    static func requireHousehold(_ number: HouseholdNumber, in coop: CoopCode, on connection: Connection, field: String = "household") throws {
        guard try !HouseholdRepository(connection, coop: coop).existing([number]).isEmpty else {
            throw LedgerError(
                .unknownHousehold, field: field, value: number.description, rule: "no such household in this cooperative; add it with `household add`")
        }
    }
}
