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
        try connection.query(
            """
            SELECT max(year) FROM periods WHERE coop_id = \(coop.rawValue) AND closed_at IS NOT NULL
            """
        ).singleRow().decode(Int32?.self, at: 0).map(Int.init)
    }

    public func isClosed(year: Int) throws -> Bool {
        try latestClosedYear().map { $0 >= year } ?? false
    }

    /// The latest closed month of `year`, if any (months close in order within a year).
    public func latestClosedMonth(inYear year: Int) throws -> CalendarMonth? {
        try connection.query(
            """
            SELECT max(month) FROM closed_months
            WHERE coop_id = \(coop.rawValue) AND month >= make_date(\(Int32(clamping: year)), 1, 1) AND month < make_date(\(Int32(clamping: year)) + 1, 1, 1)
            """
        ).singleRow().decode(Day?.self, at: 0).map { try CalendarMonth(of: $0) }
    }

    /// Refuses a day in a closed period (`ClosedPeriods`), naming `field`.
    public func requireOpen(_ day: Day, field: String = "date") throws {
        let month = try latestClosedMonth(inYear: day.year)
        try ClosedPeriods(latestClosedYear: try latestClosedYear(), latestClosedMonths: month.map { [day.year: $0] } ?? [:])
            .requireOpen(day, field: field)
    }

    /// How far each of `coops`' books are closed: a batch's cooperatives in one statement.
    public static func closedPeriods(of coops: [CoopCode], on connection: Connection) throws -> [CoopCode: ClosedPeriods] {
        var periods: [CoopCode: ClosedPeriods] = [:]
        for row in try connection.query(
            """
            SELECT c.coop_id,
                   (SELECT max(p.year) FROM periods p WHERE p.coop_id = c.coop_id AND p.closed_at IS NOT NULL),
                   (SELECT string_agg(to_char(m.month, 'YYYY-MM'), ',')
                    FROM (SELECT max(month) AS month FROM closed_months m WHERE m.coop_id = c.coop_id
                          GROUP BY date_part('year', month)) m)
            FROM unnest(\(coops.map(\.rawValue))::text[]) AS c(coop_id)
            """
        ).rows {
            let months = try (try row.decode(String?.self, at: 2) ?? "").split(separator: ",").map { try CalendarMonth(parsing: String($0)) }
            periods[try CoopCode(parsing: row.decode(String.self, at: 0))] = ClosedPeriods(
                latestClosedYear: try row.decode(Int32?.self, at: 1).map(Int.init),
                latestClosedMonths: Dictionary(months.map { ($0.year, $0) }, uniquingKeysWith: max))
        }
        return periods
    }

    /// The earliest month of `month`'s year, before it, that has entries and is not closed.
    public func firstOpenMonthWithEntries(before month: CalendarMonth) throws -> CalendarMonth? {
        try connection.query(
            """
            SELECT min(date_trunc('month', e.entry_date))::date FROM journal_entries e
            WHERE e.coop_id = \(coop.rawValue) AND e.entry_date >= make_date(\(Int32(clamping: month.year)), 1, 1) AND e.entry_date < \(month.firstDay)
              AND NOT EXISTS (SELECT 1 FROM closed_months c WHERE c.coop_id = e.coop_id AND c.month = date_trunc('month', e.entry_date)::date)
            """
        ).singleRow().decode(Day?.self, at: 0).map { try CalendarMonth(of: $0) }
    }

    /// Closes a month; false if it was closed already. The database refuses it while an
    /// earlier month of its year with entries is open, or when its year is closed.
    public func close(month: CalendarMonth) throws -> Bool {
        try connection.query(
            """
            INSERT INTO closed_months (coop_id, month) VALUES (\(coop.rawValue), \(month.firstDay)) ON CONFLICT DO NOTHING
            """
        ).affectedRows == 1
    }

    /// Reopens a closed month; false if it was open. Refused while a later month is closed.
    public func reopen(month: CalendarMonth) throws -> Bool {
        try connection.query(
            """
            DELETE FROM closed_months WHERE coop_id = \(coop.rawValue) AND month = \(month.firstDay)
            """
        ).affectedRows == 1
    }

    /// Takes the cooperative's books for closing or reopening a year: posters take the
    /// same row FOR SHARE, so this waits for entries in flight and holds off new ones.
    public func lockBooks() throws {
        try connection.query("SELECT 1 FROM cooperatives WHERE coop_id = \(coop.rawValue) FOR UPDATE")
    }

    /// Closes the year; returns false if it was closed already. The database refuses it
    /// while an earlier year with entries is open.
    public func close(year: Int) throws -> Bool {
        try connection.query(
            """
            INSERT INTO periods (coop_id, year) VALUES (\(coop.rawValue), \(year)) ON CONFLICT DO NOTHING
            """)
        return try connection.query(
            """
            UPDATE periods SET closed_at = now()
            WHERE coop_id = \(coop.rawValue) AND year = \(year) AND closed_at IS NULL
            """
        ).affectedRows == 1
    }

    /// Opens a closed year again (a distribution run is being reversed).
    public func reopen(year: Int) throws {
        try connection.query(
            """
            UPDATE periods SET closed_at = NULL WHERE coop_id = \(coop.rawValue) AND year = \(year) AND closed_at IS NOT NULL
            """)
    }
}
