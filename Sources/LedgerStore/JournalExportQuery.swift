import LedgerCore
import Postgres

/// The journal in pages of whole entries, in entry order, two queries per page.
public struct JournalExportQuery {
    let connection: Connection
    let coop: CoopCode

    public static let entriesPerPage = 5_000

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Every member detail account the journal uses, to declare before the entries.
    public func memberAccounts() throws -> [(AccountCode, MemberNumber)] {
        try connection.query(
            """
            SELECT DISTINCT account_code, member_no FROM postings
            WHERE coop_id = \(coop.rawValue) AND member_no IS NOT NULL ORDER BY 1, 2
            """
        ).rows.map { row in
            (try AccountCode(parsing: row.decode(String.self, at: 0), field: "account"), MemberNumber(try row.decode(Int32.self, at: 1)))
        }
    }

    /// The entries after `after` (0 for the first page), at most `limit`.
    public func page(after: Int64, limit: Int = entriesPerPage) throws -> [StoredEntry] {
        let heads = try connection.query(
            """
            \(EntryHead.select)
            WHERE e.coop_id = \(coop.rawValue) AND e.entry_id > \(after) ORDER BY e.entry_id LIMIT \(Int64(limit))
            """
        ).rows
        guard let last = heads.last else { return [] }
        let lastID = try EntryHead.id(of: last)
        var lines: [Int64: [PostingLine]] = [:]
        for row in try connection.query(
            """
            SELECT entry_id, account_code, member_no, amount FROM postings
            WHERE coop_id = \(coop.rawValue) AND entry_id > \(after) AND entry_id <= \(lastID) ORDER BY entry_id, line_no
            """
        ).rows {
            lines[try row.decode(Int64.self, at: 0), default: []].append(try EntryHead.line(row, from: 1))
        }
        return try heads.map { head in try EntryHead.stored(head, lines: lines[try EntryHead.id(of: head)] ?? []) }
    }
}
