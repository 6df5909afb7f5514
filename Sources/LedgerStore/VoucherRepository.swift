import LedgerCore
import Postgres

/// Voucher drafts and their lines. The database guards them (guard_voucher): who may
/// change, approve or delete a draft, and that the preparer never approves it.
public struct VoucherRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Drafts listed at most this many at a time, newest first.
    public static let listMax = 500

    public func insert(_ content: VoucherContent, preparedBy: Login) throws -> Int64 {
        let id = try connection.query(
            """
            INSERT INTO vouchers (coop_id, entry_date, memo, attachments, prepared_by)
            VALUES (\(coop.rawValue), \(content.date), \(content.memo), \(Int32(content.attachments)), \(preparedBy.rawValue))
            RETURNING voucher_id
            """
        ).singleRow().decode(Int64.self, at: 0)
        try insertLines(content.lines, draft: id)
        return id
    }

    /// New content for a draft; a reason it was sent back with is cleared.
    public func replace(_ id: Int64, with content: VoucherContent) throws {
        try connection.query(
            """
            UPDATE vouchers SET entry_date = \(content.date), memo = \(content.memo), attachments = \(Int32(content.attachments)),
                                returned_reason = NULL
            WHERE coop_id = \(coop.rawValue) AND voucher_id = \(id)
            """)
        try connection.query("DELETE FROM voucher_lines WHERE coop_id = \(coop.rawValue) AND voucher_id = \(id)")
        try insertLines(content.lines, draft: id)
    }

    public func delete(_ id: Int64) throws {
        try connection.query("DELETE FROM vouchers WHERE coop_id = \(coop.rawValue) AND voucher_id = \(id)")
    }

    /// `version`: the version the approver was shown (the database refuses any other).
    public func approve(_ id: Int64, by approver: Login, version: Int) throws {
        try connection.query(
            """
            UPDATE vouchers SET approved_by = \(approver.rawValue), approved_at = now(), approved_version = \(Int32(clamping: version)), returned_reason = NULL
            WHERE coop_id = \(coop.rawValue) AND voucher_id = \(id)
            """)
    }

    /// Clears an approval (if any) and records why, for the preparer to mend.
    public func sendBack(_ id: Int64, reason: String) throws {
        try connection.query(
            """
            UPDATE vouchers SET approved_by = NULL, approved_at = NULL, returned_reason = \(reason)
            WHERE coop_id = \(coop.rawValue) AND voucher_id = \(id)
            """)
    }

    /// The draft, locked until the transaction ends when `locking` (posting, approving).
    public func find(_ id: Int64, locking: Bool = false) throws -> VoucherDraft? {
        try drafts("AND d.voucher_id = \(id)", limit: 1, locking: locking).first
    }

    /// Drafts newest first: those not yet posted, or all.
    public func list(includingPosted: Bool) throws -> [VoucherDraft] {
        try drafts(includingPosted ? "" : "AND e.entry_id IS NULL", limit: Self.listMax, locking: false)
    }

    private func drafts(_ filter: Query, limit: Int, locking: Bool) throws -> [VoucherDraft] {
        let lock: Query = locking ? "FOR UPDATE OF d" : ""
        let heads = try connection.query(
            """
            SELECT d.voucher_id, d.entry_date, d.memo, d.attachments, d.prepared_by, d.approved_by, d.returned_reason,
                   e.entry_id, n.month, n.number, d.version
            FROM vouchers d
            LEFT JOIN journal_entries e ON e.coop_id = d.coop_id AND e.voucher_id = d.voucher_id
            LEFT JOIN voucher_numbers n ON n.coop_id = e.coop_id AND n.entry_id = e.entry_id
            WHERE d.coop_id = \(coop.rawValue) \(filter)
            ORDER BY d.voucher_id DESC LIMIT \(Int64(limit)) \(lock)
            """
        ).rows
        return try heads.map { head in
            let id = try head.decode(Int64.self, at: 0)
            let lines = try connection.query(
                """
                SELECT account_code, member_no, amount FROM voucher_lines
                WHERE coop_id = \(coop.rawValue) AND voucher_id = \(id) ORDER BY line_no
                """
            ).rows.map { try EntryHead.line($0, from: 0) }
            let content = try VoucherContent(
                date: head.decode(Day.self, at: 1), memo: head.decode(String.self, at: 2),
                lines: lines, attachments: Int(head.decode(Int32.self, at: 3)))
            let posted = try head.decode(Int64?.self, at: 7).map { entry in
                (entry: EntryID(entry), voucher: try EntryHead.voucherNumber(head, at: 8))
            }
            return VoucherDraft(
                id: id, content: content, preparedBy: try Login(parsing: head.decode(String.self, at: 4)),
                approvedBy: try head.decode(String?.self, at: 5).map { try Login(parsing: $0) },
                returnedReason: try head.decode(String?.self, at: 6), posted: posted, version: Int(try head.decode(Int32.self, at: 10))
            )
        }
    }

    private func insertLines(_ lines: [PostingLine], draft id: Int64) throws {
        var insert: Query = "INSERT INTO voucher_lines (coop_id, voucher_id, line_no, account_code, member_no, amount) VALUES "
        for (index, line) in lines.enumerated() {
            if index > 0 { insert.append(", ") }
            insert.append("(\(coop.rawValue), \(id), \(Int32(index + 1)), \(line.account.rawValue), \(line.member?.value), \(line.amount.fen))")
        }
        try connection.query(insert)
    }
}
