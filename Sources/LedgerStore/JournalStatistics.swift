import Postgres

/// What the planner believes about the journal's tables, and mending it before a long write.
///
/// When every row of a table has died (the first imports into a new installation killed and
/// rolled back), ANALYZE records its pages but no rows. The planner then reckons every
/// lookup at one row and cannot tell the right index from one that matches only the
/// cooperative (`voucher_numbers` by entry, or by month; `entry_hashes` by entry, or by
/// place in the chain): the commit checks' per-entry lookups may each walk every dead row,
/// and every row the import has inserted so far. A retried import of 150,000 entries ran
/// for half an hour. VACUUM removes the dead rows and gives the empty pages back; the
/// planner then sizes each table by the pages it actually has as the import fills it.
public struct JournalStatistics {
    /// The tables an import writes, and its checks look up entry by entry.
    static let tables = ["journal_entries", "postings", "entry_hashes", "voucher_numbers", "unchecked_entries"]

    let connection: Connection

    public init(_ connection: Connection) {
        self.connection = connection
    }

    /// Tables whose statistics say "no rows" while they still have pages (all dead).
    public func emptyButNotEmptied() throws -> [String] {
        try connection.query(
            """
            SELECT relname::text FROM pg_class
            WHERE relname = ANY(\(Self.tables)) AND relkind = 'r' AND relpages > 0 AND reltuples = 0
              AND relnamespace = current_schema()::regnamespace
            ORDER BY relname
            """
        ).rows.map { try $0.decode(String.self, at: 0) }
    }

    /// VACUUMs those tables (outside any transaction; the connection's role owns them).
    /// Returns the tables vacuumed.
    @discardableResult
    public func mend() throws -> [String] {
        let tables = try emptyButNotEmptied()
        for table in tables {
            // The name comes from `tables` above (the query matches no other), never from a caller.
            try connection.execute(unsafeSQL: "VACUUM \(table)")
        }
        return tables
    }
}
