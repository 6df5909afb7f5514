import LedgerCore
import Postgres

public struct JournalRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Above this many lines an entry's postings go in by COPY, several times faster than
    /// one INSERT with thousands of parameters; the same triggers check them.
    static let linesPerInsertMax = 32

    /// Writes the entry and its lines; the database checks them again at commit.
    public func insert(_ entry: JournalEntry) throws -> EntryID {
        let id = try connection.query("""
            INSERT INTO journal_entries (coop_id, entry_date, memo, idempotency_key, reverses_entry_id, kind)
            VALUES (\(coop.rawValue), \(entry.date), \(entry.memo), \(entry.key), \(entry.reverses?.value), \(entry.kind.rawValue))
            RETURNING entry_id
            """).singleRow().decode(Int64.self, at: 0)

        let kind = try postingKind(of: entry)
        if entry.lines.count > Self.linesPerInsertMax {
            try copyPostings(entry, id: id, kind: kind)
            return EntryID(id)
        }
        var insert: Query = "INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind) VALUES "
        for (index, line) in entry.lines.enumerated() {
            if index > 0 { insert.append(", ") }
            insert.append("""
                (\(coop.rawValue), \(id), \(Int32(index + 1)), \(line.account.rawValue), \(line.member?.value), \(line.amount.fen), \(entry.date), \(kind))
                """)
        }
        try connection.query(insert)
        return EntryID(id)
    }

    private func copyPostings(_ entry: JournalEntry, id: Int64, kind: String) throws {
        let date = entry.date.description
        let entryID = String(id)
        try connection.copyIn("COPY postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind) FROM STDIN") { writer in
            for (index, line) in entry.lines.enumerated() {
                try writer.writeRow([coop.rawValue, entryID, String(index + 1), line.account.rawValue, line.member?.description, String(line.amount.fen), date, kind])
            }
        }
    }

    /// The kind its postings carry: the entry's own, or for a reversal the reversed entry's.
    private func postingKind(of entry: JournalEntry) throws -> String {
        guard let original = entry.reverses else { return entry.kind.rawValue }
        let row = try connection.query("""
            SELECT kind FROM journal_entries WHERE coop_id = \(coop.rawValue) AND entry_id = \(original.value)
            """).rows.first
        return try row?.decode(String.self, at: 0) ?? EntryKind.general.rawValue
    }

    public func entry(withKey key: String) throws -> StoredEntry? {
        try entries("AND idempotency_key = \(key)").first
    }

    public func entry(_ id: EntryID) throws -> StoredEntry? {
        try entries("AND entry_id = \(id.value)").first
    }

    /// Entries whose key starts with `prefix` (a distribution run's entries), in order.
    public func entries(keyPrefix prefix: String) throws -> [StoredEntry] {
        try entries("AND starts_with(idempotency_key, \(prefix))")
    }

    /// The entry that reverses `id`, if one was posted.
    public func reversal(of id: EntryID) throws -> EntryID? {
        try connection.query("""
            SELECT entry_id FROM journal_entries WHERE coop_id = \(coop.rawValue) AND reverses_entry_id = \(id.value)
            """).rows.first.map { EntryID(try $0.decode(Int64.self, at: 0)) }
    }

    private func entries(_ filter: Query) throws -> [StoredEntry] {
        let heads = try connection.query("""
            SELECT entry_id, entry_date, memo, idempotency_key, reverses_entry_id, kind
            FROM journal_entries WHERE coop_id = \(coop.rawValue) \(filter) ORDER BY entry_id
            """).rows
        return try heads.map { head in
            let id = try head.decode(Int64.self, at: 0)
            let lines = try connection.query("""
                SELECT account_code, member_no, amount FROM postings
                WHERE coop_id = \(coop.rawValue) AND entry_id = \(id) ORDER BY line_no
                """).rows.map { row in
                PostingLine(
                    account: try AccountCode(parsing: row.decode(String.self, at: 0), field: "account"),
                    member: try row.decode(Int32?.self, at: 1).map(MemberNumber.init),
                    amount: Money(fen: try row.decode(Int64.self, at: 2))
                )
            }
            let kindText = try head.decode(String.self, at: 5)
            guard let kind = EntryKind(rawValue: kindText) else {
                throw PostgresError(kind: .decoding, message: "entry \(id) has unknown kind \(kindText)")
            }
            let entry = try JournalEntry(
                key: head.decode(String.self, at: 3), date: head.decode(Day.self, at: 1),
                memo: head.decode(String.self, at: 2), lines: lines, kind: kind,
                reverses: head.decode(Int64?.self, at: 4).map(EntryID.init)
            )
            return StoredEntry(id: EntryID(id), entry: entry)
        }
    }
}
