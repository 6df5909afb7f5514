import LedgerCore
import Postgres

public struct PeriodRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func closedYears() throws -> Set<Int> {
        let rows = try connection.query("""
            SELECT year FROM periods WHERE coop_id = \(coop.rawValue) AND closed_at IS NOT NULL
            """).rows
        return Set(try rows.map { try $0.decode(Int.self, at: 0) })
    }

    /// Closes the year; returns false if it was closed already. Waits for entries of that
    /// year still being posted (they hold a share lock on the period row).
    public func close(year: Int) throws -> Bool {
        try connection.query("""
            INSERT INTO periods (coop_id, year) VALUES (\(coop.rawValue), \(year)) ON CONFLICT DO NOTHING
            """)
        return try connection.query("""
            UPDATE periods SET closed_at = now()
            WHERE coop_id = \(coop.rawValue) AND year = \(year) AND closed_at IS NULL
            """).affectedRows == 1
    }

    /// Opens a closed year again (a distribution run is being reversed).
    public func reopen(year: Int) throws {
        try connection.query("""
            UPDATE periods SET closed_at = NULL WHERE coop_id = \(coop.rawValue) AND year = \(year) AND closed_at IS NOT NULL
            """)
    }
}
