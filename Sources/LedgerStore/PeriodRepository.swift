import LedgerCore
import Postgres

public struct PeriodRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// The latest closed year: the books are closed through its last day.
    public func latestClosedYear() throws -> Int? {
        try connection.query("""
            SELECT max(year) FROM periods WHERE coop_id = \(coop.rawValue) AND closed_at IS NOT NULL
            """).singleRow().decode(Int32?.self, at: 0).map(Int.init)
    }

    public func isClosed(year: Int) throws -> Bool {
        try latestClosedYear().map { $0 >= year } ?? false
    }

    /// Refuses a day on or before the end of the latest closed year (the database refuses
    /// such entries too; this names the field first).
    public func requireOpen(_ day: Day, field: String = "date") throws {
        if let closed = try latestClosedYear(), day.year <= closed {
            throw LedgerError(.periodClosed, field: field, value: day.description,
                              rule: "the books are closed through \(closed)-12-31; date it after that (reverse the \(closed) run to reopen the year)")
        }
    }

    /// Takes the cooperative's books for closing or reopening a year: posters take the
    /// same row FOR SHARE, so this waits for entries in flight and holds off new ones.
    public func lockBooks() throws {
        try connection.query("SELECT 1 FROM cooperatives WHERE coop_id = \(coop.rawValue) FOR UPDATE")
    }

    /// Closes the year; returns false if it was closed already. The database refuses it
    /// while an earlier year with entries is open.
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
