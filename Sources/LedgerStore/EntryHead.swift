import LedgerCore
import Postgres

/// What every read of whole entries selects about an entry (its row, its voucher number,
/// its people) and how such a row and its lines become a `StoredEntry`. Filters name the
/// entry's columns through the alias `e`.
enum EntryHead {
    static let select: Query = """
        SELECT e.entry_id, e.entry_date, e.memo, e.idempotency_key, e.reverses_entry_id, e.kind,
               v.month, v.number, e.prepared_by, e.approved_by, e.posted_by, e.attachments
        FROM journal_entries e
        LEFT JOIN voucher_numbers v ON v.coop_id = e.coop_id AND v.entry_id = e.entry_id
        """

    /// How many columns `select` reads.
    static let columnCount = 12

    static func id(of head: Row) throws -> Int64 { try head.decode(Int64.self, at: 0) }

    static func stored(_ head: Row, lines: [PostingLine]) throws -> StoredEntry {
        let id = try id(of: head)
        let kindText = try head.decode(String.self, at: 5)
        guard let kind = EntryKind(rawValue: kindText) else {
            throw PostgresError(kind: .decoding, message: "entry \(id) has unknown kind \(kindText)")
        }
        let entry = try JournalEntry(
            key: head.decode(String.self, at: 3), date: head.decode(Day.self, at: 1), memo: head.decode(String.self, at: 2),
            lines: lines, kind: kind, reverses: head.decode(Int64?.self, at: 4).map(EntryID.init)
        )
        let voucher = try voucherNumber(head, at: 6)
        let login = { (index: Int) throws -> Login? in try head.decode(String?.self, at: index).map { try Login(parsing: $0) } }
        let people = EntryPeople(preparedBy: try login(8), approvedBy: try login(9), postedBy: try login(10))
        return StoredEntry(
            id: EntryID(id), entry: entry, voucher: voucher, people: people,
            attachments: Int(try head.decode(Int32.self, at: 11)))
    }

    /// A voucher number read from its month (a date) and number columns, side by side.
    static func voucherNumber(_ row: Row, at column: Int) throws -> VoucherNumber? {
        try row.decode(Day?.self, at: column).map { month in
            VoucherNumber(monthOf: month, number: Int(try row.decode(Int32.self, at: column + 1)))
        }
    }

    static func line(_ row: Row, from column: Int) throws -> PostingLine {
        PostingLine(
            account: try AccountCode(parsing: row.decode(String.self, at: column), field: "account"),
            member: try row.decode(Int32?.self, at: column + 1).map(MemberNumber.init),
            amount: Money(fen: try row.decode(Int64.self, at: column + 2))
        )
    }
}
