import LedgerCore
import Postgres

/// A link's canonical bytes (docs/hash-chain.md), built in Swift from the journal's binary
/// COPY streams (`JournalStreams`), byte for byte what the database's `entry_canonical*`
/// functions make with `json_build_array`: `verify` recomputes the chain here instead of in
/// SQL, where building the JSON was nine tenths of its time. One buffer serves link after
/// link.
struct ChainCanonical: ~Copyable {
    /// The cooperative's code, the same in every link of its chain.
    private let coop: [UInt8]
    private var buffer = ByteWriter()
    /// How deep the arrays are open (the link, its lines, a line), and whether the
    /// innermost has no element yet.
    private var depth = 0
    private var isFirst = false
    private var lineCount = 0
    private var format: Int64 = 3

    init(coop: CoopCode) {
        self.coop = Array(coop.rawValue.utf8)
    }

    /// Starts a link's bytes with the entry's fields in the link's `format`: `entry` at a
    /// row of the entries stream, `voucher` at the entry's row of the voucher numbers
    /// stream (nil if it has none). Its lines follow (`line`), then `finish`.
    mutating func start(format: Int64, entry: BinaryCopyReader, voucher: BinaryCopyReader?) {
        typealias Column = JournalStreams.EntryColumn
        buffer.removeAll()
        depth = 0
        lineCount = 0
        open()
        if format >= 2 { number(format) }
        coop.withUnsafeBytes { string($0) }
        number(entry.integer(Column.entryID))
        date(entry.integer(Column.entryDate))
        string(entry.bytes(Column.kind))
        string(entry.bytes(Column.key))
        number(entry.integer(Column.reverses))
        string(entry.bytes(Column.memo))
        if format >= 2 { number(entry.integer(Column.createdAt).flatMap(Self.unixMicroseconds)) }
        if format >= 3 {
            date(voucher?.integer(JournalStreams.VoucherColumn.month))
            number(voucher?.integer(JournalStreams.VoucherColumn.number))
            string(entry.bytes(Column.preparedBy))
            string(entry.bytes(Column.approvedBy))
            string(entry.bytes(Column.postedBy))
            number(entry.integer(Column.voucherID))
            number(entry.integer(Column.attachments))
        }
        self.format = format
    }

    /// Appends one of the entry's postings, `line` at its row of the postings stream.
    mutating func line(_ line: BinaryCopyReader) {
        typealias Column = JournalStreams.LineColumn
        if lineCount == 0 { open() }
        lineCount += 1
        open()
        number(line.integer(Column.lineNo))
        string(line.bytes(Column.account))
        number(line.integer(Column.member))
        number(line.integer(Column.amount))
        if format >= 2 {
            date(line.integer(Column.date))
            string(line.bytes(Column.kind))
        }
        close()
    }

    /// The link's bytes, valid until the next link starts.
    var bytes: UnsafeRawBufferPointer { buffer.bytes }

    mutating func finish() {
        if lineCount == 0 {
            raw(Self.null) // json_agg of no rows
        } else {
            close()
        }
        close()
    }

    /// `created_at` (microseconds since 2000-01-01 UTC) as microseconds since 1970, as
    /// `(extract(epoch FROM created_at) * 1000000)::bigint` gives it; nil where that fails
    /// (the infinities), which no stored hash can then match.
    static func unixMicroseconds(_ sincePostgresEpoch: Int64) -> Int64? {
        let (sum, overflow) = sincePostgresEpoch.addingReportingOverflow(946_684_800_000_000)
        return overflow ? nil : sum
    }

    // MARK: - json_build_array's spelling

    private mutating func separate() {
        if isFirst {
            isFirst = false
        } else {
            buffer.append(44) // ", "
            buffer.append(32)
        }
    }

    private mutating func open() {
        if depth > 0 { separate() }
        buffer.append(91) // [
        depth += 1
        isFirst = true
    }

    /// Closing an array ends an element of the one around it, which is then not empty.
    private mutating func close() {
        buffer.append(93) // ]
        depth -= 1
        isFirst = false
    }

    private static let null: StaticString = "null"

    private mutating func raw(_ text: StaticString) {
        separate()
        buffer.append(text)
    }

    private mutating func number(_ value: Int64?) {
        guard let value else { return raw(Self.null) }
        separate()
        if value < 0 { buffer.append(45) }
        var room: (UInt64, UInt64, UInt64) = (0, 0, 0) // the 20 digits of any Int64, written from the end
        withUnsafeMutableBytes(of: &room) { digits in
            var magnitude = value.magnitude
            var index = digits.count
            repeat {
                index -= 1
                digits[index] = UInt8(48 + magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            buffer.append(UnsafeRawBufferPointer(rebasing: digits[index...]))
        }
    }

    /// A date (days since 2000-01-01) as PostgreSQL writes it in JSON and in ISO style.
    private mutating func date(_ days: Int64?) {
        guard let days else { return raw(Self.null) }
        separate()
        buffer.append(34)
        PostgresDate.appendISO(daysSince2000: days, to: &buffer)
        buffer.append(34)
    }

    private mutating func escape(_ letter: UInt8) {
        buffer.append(92)
        buffer.append(letter)
    }

    /// A string as PostgreSQL's escape_json writes it: `"` and `\` escaped, the usual
    /// control characters by letter, the others as `\u00XX`; everything else as it is.
    private mutating func string(_ text: UnsafeRawBufferPointer?) {
        guard let text else { return raw(Self.null) }
        separate()
        buffer.append(34)
        // Most text needs no escape: then it goes in whole.
        guard text.contains(where: { $0 < 32 || $0 == 34 || $0 == 92 }) else {
            buffer.append(text)
            return buffer.append(34)
        }
        for byte in text {
            switch byte {
            case 34, 92: escape(byte)
            case 8: escape(98)
            case 12: escape(102)
            case 10: escape(110)
            case 13: escape(114)
            case 9: escape(116)
            case 0..<32:
                escape(117)
                buffer.append(48)
                buffer.append(48)
                buffer.append(Hex.digits[Int(byte >> 4)])
                buffer.append(Hex.digits[Int(byte & 15)])
            default: buffer.append(byte)
            }
        }
        buffer.append(34)
    }
}
