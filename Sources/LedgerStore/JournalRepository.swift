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

    /// Writes the entry and its lines; the database checks them again at commit. Posted
    /// from an approved voucher draft, the entry names it and carries its people; else the
    /// acting person is its preparer and poster (the columns' default).
    public func insert(_ entry: JournalEntry, from draft: VoucherDraft? = nil) throws -> EntryID {
        guard let draft else { return try insert([entry])[0] }
        let id = try connection.query(
            """
            INSERT INTO journal_entries (coop_id, entry_date, memo, idempotency_key, reverses_entry_id, kind,
                                         voucher_id, prepared_by, approved_by, attachments)
            VALUES (\(coop.rawValue), \(entry.date), \(entry.memo), \(entry.key), \(entry.reverses?.value), \(entry.kind.rawValue),
                    \(draft.id), \(draft.preparedBy.rawValue), \(draft.approvedBy?.rawValue), \(Int32(draft.content.attachments)))
            RETURNING entry_id
            """
        ).singleRow().decode(Int64.self, at: 0)
        try Self.insertPostings(of: [(coop, entry, id)], on: connection)
        return EntryID(id)
    }

    /// Writes entries (their keys distinct) and their lines; the acting person is each
    /// one's preparer and poster.
    public func insert(_ entries: [JournalEntry]) throws -> [EntryID] {
        try Self.insert(entries.map { (coop, $0) }, on: connection)
    }

    /// Writes entries, each to its cooperative (keys distinct within one), and their lines:
    /// the entries in one statement (a thousand at a time) and the lines in as few as the
    /// statement size allows, so the database's per-statement checks run once for them all,
    /// whichever cooperatives they go to. The acting person is each one's preparer and poster.
    public static func insert(_ entries: [(coop: CoopCode, entry: JournalEntry)], on connection: Connection) throws -> [EntryID] {
        var idByKey: [CoopCode: [String: Int64]] = [:]
        for start in stride(from: 0, to: entries.count, by: Self.entriesPerStatementMax) {
            var insert: Query = "INSERT INTO journal_entries (coop_id, entry_date, memo, idempotency_key, reverses_entry_id, kind) VALUES "
            for (index, (coop, entry)) in entries[start..<min(start + Self.entriesPerStatementMax, entries.count)].enumerated() {
                if index > 0 { insert.append(", ") }
                insert.append("(\(coop.rawValue), \(entry.date), \(entry.memo), \(entry.key), \(entry.reverses?.value), \(entry.kind.rawValue))")
            }
            insert.append(" RETURNING coop_id, idempotency_key, entry_id")
            // Matched by cooperative and key: the order of RETURNING rows is not promised.
            for row in try connection.query(insert).rows {
                idByKey[try CoopCode(parsing: row.decode(String.self, at: 0)), default: [:]][try row.decode(String.self, at: 1)] =
                    try row.decode(Int64.self, at: 2)
            }
        }
        let written = try entries.map { coop, entry in
            guard let id = idByKey[coop]?[entry.key] else {
                throw PostgresError(kind: .protocolViolation, message: "no entry id returned for key \(entry.key) in \(coop)")
            }
            return (coop, entry, id)
        }
        try insertPostings(of: written, on: connection)
        return written.map { EntryID($0.2) }
    }

    static let entriesPerStatementMax = 1_000

    /// Lines of many entries go in one INSERT up to this many; an entry with more lines than
    /// `linesPerInsertMax` goes in by COPY instead.
    static let linesPerStatementMax = 1_000

    private static func insertPostings(of written: [(coop: CoopCode, entry: JournalEntry, id: Int64)], on connection: Connection) throws {
        let head: Query = "INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind) VALUES "
        var insert = head
        var lineCount = 0
        for (coop, entry, id) in written {
            let kind = try postingKind(of: entry, in: coop, on: connection)
            if entry.lines.count > Self.linesPerInsertMax {
                try copyPostings(entry, id: id, kind: kind, in: coop, on: connection)
                continue
            }
            if lineCount + entry.lines.count > Self.linesPerStatementMax {
                try connection.query(insert)
                insert = head
                lineCount = 0
            }
            for (index, line) in entry.lines.enumerated() {
                if lineCount > 0 { insert.append(", ") }
                insert.append(
                    """
                    (\(coop.rawValue), \(id), \(Int32(index + 1)), \(line.account.rawValue), \(line.member?.value), \(line.amount.fen), \(entry.date), \(kind))
                    """)
                lineCount += 1
            }
        }
        if lineCount > 0 { try connection.query(insert) }
    }

    private static func copyPostings(_ entry: JournalEntry, id: Int64, kind: String, in coop: CoopCode, on connection: Connection) throws {
        let date = entry.date.description
        let entryID = String(id)
        try connection.copyIn("COPY postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind) FROM STDIN") { writer in
            for (index, line) in entry.lines.enumerated() {
                try writer.writeRow([
                    coop.rawValue, entryID, String(index + 1), line.account.rawValue, line.member?.description, String(line.amount.fen), date, kind,
                ])
            }
        }
    }

    /// The kind its postings carry: the entry's own, or for a reversal the reversed entry's.
    private static func postingKind(of entry: JournalEntry, in coop: CoopCode, on connection: Connection) throws -> String {
        guard let original = entry.reverses else { return entry.kind.rawValue }
        let row = try connection.query(
            """
            SELECT kind FROM journal_entries WHERE coop_id = \(coop.rawValue) AND entry_id = \(original.value)
            """
        ).rows.first
        return try row?.decode(String.self, at: 0) ?? EntryKind.general.rawValue
    }

    /// The voucher numbers of entries that have one, by cooperative and entry: one statement
    /// for a batch that wrote to many cooperatives.
    public static func voucherNumbers(of entries: [(coop: CoopCode, id: EntryID)], on connection: Connection) throws -> [CoopCode: [EntryID: VoucherNumber]] {
        var numbers: [CoopCode: [EntryID: VoucherNumber]] = [:]
        for row in try connection.query(
            """
            SELECT e.coop_id, e.entry_id, n.month, n.number
            FROM unnest(\(entries.map(\.coop.rawValue))::text[], \(entries.map(\.id.value))::bigint[]) AS e(coop_id, entry_id)
            CROSS JOIN LATERAL (SELECT month, number FROM voucher_numbers n WHERE n.coop_id = e.coop_id AND n.entry_id = e.entry_id OFFSET 0) AS n
            """
        ).rows {
            numbers[try CoopCode(parsing: row.decode(String.self, at: 0)), default: [:]][EntryID(try row.decode(Int64.self, at: 1))] =
                try EntryHead.voucherNumber(row, at: 2)
        }
        return numbers
    }

    /// The day of the latest entry, if any.
    public func lastEntryDate() throws -> Day? {
        try connection.query("SELECT max(entry_date) FROM journal_entries WHERE coop_id = \(coop.rawValue)").singleRow().decode(Day?.self, at: 0)
    }

    public func hasEntries() throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM journal_entries WHERE coop_id = \(coop.rawValue))").singleRow().decode(Bool.self, at: 0)
    }

    public func entry(withKey key: String) throws -> StoredEntry? {
        try entries("AND e.idempotency_key = \(key)").first
    }

    /// The entries already posted under any of `keys`, by key.
    public func entries(withKeys keys: [String]) throws -> [String: StoredEntry] {
        try Self.entries(withKeys: [coop: keys], on: connection)[coop] ?? [:]
    }

    /// The entries already posted under the keys asked of each cooperative, by cooperative and
    /// key: a batch's cooperatives in one statement (and one more for the lines of each entry
    /// found, a retry's).
    public static func entries(withKeys wanted: [CoopCode: [String]], on connection: Connection) throws -> [CoopCode: [String: StoredEntry]] {
        let pairs = wanted.flatMap { coop, keys in keys.map { (coop: coop.rawValue, key: $0) } }
        guard !pairs.isEmpty else { return [:] }
        var found: [CoopCode: [String: StoredEntry]] = [:]
        for head in try connection.query(
            """
            SELECT h.*, w.coop_id
            FROM unnest(\(pairs.map(\.coop))::text[], \(pairs.map(\.key))::text[]) AS w(coop_id, idempotency_key)
            CROSS JOIN LATERAL (\(EntryHead.select) WHERE e.coop_id = w.coop_id AND e.idempotency_key = w.idempotency_key OFFSET 0) AS h
            """
        ).rows {
            let coop = try CoopCode(parsing: head.decode(String.self, at: EntryHead.columnCount))
            let stored = try EntryHead.stored(head, lines: try lines(of: EntryHead.id(of: head), in: coop, on: connection))
            found[coop, default: [:]][stored.entry.key] = stored
        }
        return found
    }

    public func entry(_ id: EntryID) throws -> StoredEntry? {
        try entries("AND e.entry_id = \(id.value)").first
    }

    public func entry(voucher: VoucherNumber) throws -> StoredEntry? {
        try entries("AND v.month = \(voucher.month) AND v.number = \(Int32(clamping: voucher.number))").first
    }

    /// Entries whose key starts with `prefix` (a distribution run's entries), in order.
    public func entries(keyPrefix prefix: String) throws -> [StoredEntry] {
        try entries("AND starts_with(e.idempotency_key, \(prefix))")
    }

    /// The entry that reverses `id`, if one was posted.
    public func reversal(of id: EntryID) throws -> EntryID? {
        try connection.query(
            """
            SELECT entry_id FROM journal_entries WHERE coop_id = \(coop.rawValue) AND reverses_entry_id = \(id.value)
            """
        ).rows.first.map { EntryID(try $0.decode(Int64.self, at: 0)) }
    }

    private func entries(_ filter: Query) throws -> [StoredEntry] {
        let heads = try connection.query(
            """
            \(EntryHead.select) WHERE e.coop_id = \(coop.rawValue) \(filter) ORDER BY e.entry_id
            """
        ).rows
        return try heads.map { head in try EntryHead.stored(head, lines: try Self.lines(of: EntryHead.id(of: head), in: coop, on: connection)) }
    }

    private static func lines(of id: Int64, in coop: CoopCode, on connection: Connection) throws -> [PostingLine] {
        try connection.query(
            """
            SELECT account_code, member_no, amount FROM postings WHERE coop_id = \(coop.rawValue) AND entry_id = \(id) ORDER BY line_no
            """
        ).rows.map { try EntryHead.line($0, from: 0) }
    }
}
