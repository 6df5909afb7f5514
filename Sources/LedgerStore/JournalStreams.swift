import LedgerCore
import Postgres

/// A cooperative's journal as four streams in entry id order: its chain links, its entries,
/// their voucher numbers and their postings, each a binary COPY on a connection of its own,
/// all in the snapshot of the caller's transaction. Four server processes read at once
/// while `verify` hashes (each stream read ahead on a thread, so none waits on its socket
/// while `verify` reads another), and reading the streams side by side by entry id joins
/// them here, with no join (hash table or sort) on the server: the primary keys give the
/// order; the voucher numbers come from their index alone (035).
struct JournalStreams {
    enum LinkColumn { static let entryID = 0, chainSeq = 1, format = 2, hash = 3 }
    enum EntryColumn {
        static let entryID = 0, entryDate = 1, kind = 2, key = 3, reverses = 4, memo = 5, createdAt = 6, preparedBy = 7,
            approvedBy = 8, postedBy = 9, voucherID = 10, attachments = 11
    }
    enum VoucherColumn { static let entryID = 0, month = 1, number = 2 }
    enum LineColumn { static let entryID = 0, lineNo = 1, account = 2, member = 3, amount = 4, date = 5, kind = 6 }

    /// One stream and the entry id of the row it is at (nil once it has ended).
    struct Stream {
        let rows: BinaryCopyReader
        private(set) var entryID: Int64?

        init(_ rows: BinaryCopyReader) throws {
            self.rows = rows
            try advance()
        }

        mutating func advance() throws {
            guard try rows.next() else { return entryID = nil }
            guard let id = rows.integer(0) else {
                throw PostgresError(kind: .protocolViolation, message: "a journal stream sent a row without an entry id")
            }
            entryID = id
        }
    }

    var links: Stream
    var entries: Stream
    var vouchers: Stream
    var lines: Stream

    /// Opens the streams in `connection`'s snapshot; its transaction must be REPEATABLE READ
    /// and stay open until the streams have been read.
    init(coop: CoopCode, snapshotOf connection: Connection) throws {
        let snapshot = try connection.query("SELECT pg_export_snapshot()").singleRow().decode(String.self, at: 0)
        guard !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw PostgresError(kind: .protocolViolation, message: "the server exported a snapshot named \(snapshot)")
        }
        // COPY takes no parameters. A cooperative code is lower-case letters, digits and
        // dashes (CoopCode), so it stands in quotes as it is.
        let coopLiteral = "'\(coop.rawValue)'"
        func stream(_ select: String) throws -> Stream {
            let reader = try connection.connectAgain()
            try reader.execute(unsafeSQL: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '\(snapshot)'")
            return try Stream(reader.copyOutBinary(Query(unsafeSQL: "COPY (\(select)) TO STDOUT (FORMAT binary)")))
        }
        // Each column is cast to the type it is read as: the binary format names none.
        links = try stream(
            """
            SELECT entry_id::bigint, chain_seq::bigint, format::integer, hash::bytea
            FROM entry_hashes WHERE coop_id = \(coopLiteral) ORDER BY entry_id
            """)
        entries = try stream(
            """
            SELECT entry_id::bigint, entry_date::date, kind::text, idempotency_key::text, reverses_entry_id::bigint, memo::text,
                   created_at::timestamptz, prepared_by::text, approved_by::text, posted_by::text, voucher_id::bigint, attachments::integer
            FROM journal_entries WHERE coop_id = \(coopLiteral) ORDER BY entry_id
            """)
        vouchers = try stream(
            """
            SELECT entry_id::bigint, month::date, number::integer
            FROM voucher_numbers WHERE coop_id = \(coopLiteral) ORDER BY entry_id
            """)
        lines = try stream(
            """
            SELECT entry_id::bigint, line_no::smallint, account_code::text, member_no::integer, amount::bigint, entry_date::date, kind::text
            FROM postings WHERE coop_id = \(coopLiteral) ORDER BY entry_id, line_no
            """)
    }

    /// The smallest entry id any stream is at; nil once all have ended.
    var nextEntryID: Int64? {
        func smaller(_ one: Int64?, _ other: Int64?) -> Int64? {
            guard let one, let other else { return one ?? other }
            return min(one, other)
        }
        return smaller(smaller(links.entryID, entries.entryID), smaller(vouchers.entryID, lines.entryID))
    }
}
