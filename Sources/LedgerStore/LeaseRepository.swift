import LedgerCore
import Postgres

public struct StoredLease: Sendable, Equatable {
    public let id: Int64
    public let lease: Lease
}

public struct LeaseRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func insert(_ lease: Lease, key: String?) throws -> Int64 {
        try connection.query(
            """
            INSERT INTO leases (coop_id, member_no, household_no, area_hundredths_mu, rate_fen_per_mu, starts_on, ends_on, contract_key)
            VALUES (\(coop.rawValue), \(lease.lessor.member?.value), \(lease.lessor.household?.value), \(lease.area.hundredthsOfMu), \(lease.yearlyRatePerMu.fen),
                    \(lease.startsOn), \(lease.endsOn), \(key))
            RETURNING lease_id
            """
        ).singleRow().decode(Int64.self, at: 0)
    }

    public func find(key: String) throws -> StoredLease? {
        try select("AND contract_key = \(key)").first
    }

    /// Leases that cover at least one day of `year`.
    public func active(inYear year: Int) throws -> [StoredLease] {
        try select(
            """
            AND starts_on <= make_date(\(year)::integer, 12, 31) AND (ends_on IS NULL OR ends_on >= make_date(\(year)::integer, 1, 1))
            """)
    }

    private func select(_ filter: Query) throws -> [StoredLease] {
        try connection.query(
            """
            SELECT lease_id, member_no, area_hundredths_mu, rate_fen_per_mu, starts_on, ends_on, household_no
            FROM leases WHERE coop_id = \(coop.rawValue) \(filter) ORDER BY lease_id
            """
        ).rows.map { row in
            StoredLease(
                id: try row.decode(Int64.self, at: 0),
                lease: try Lease(
                    lessor: try row.decode(Int32?.self, at: 1).map { .member(MemberNumber($0)) } ?? .household(HouseholdNumber(row.decode(Int32.self, at: 6))),
                    area: Area(hundredthsOfMu: row.decode(Int64.self, at: 2)),
                    yearlyRatePerMu: Money(fen: row.decode(Int64.self, at: 3)),
                    startsOn: row.decode(Day.self, at: 4), endsOn: row.decode(Day?.self, at: 5)
                ))
        }
    }
}
