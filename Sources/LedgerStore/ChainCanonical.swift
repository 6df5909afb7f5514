import Postgres

/// A link's canonical bytes (docs/hash-chain.md), built in Swift from the columns' text as
/// PostgreSQL gives it, byte for byte what the database's `entry_canonical*` functions make
/// with `json_build_array`: `verify` recomputes the chain here instead of in SQL, where
/// building the JSON was nine tenths of its time.
struct ChainCanonical {
    private(set) var bytes: [UInt8] = []
    private var isFirst = [true]

    /// One link's bytes: `entry` holds the entry's fields in the format's order (see
    /// the `chain_links` cursor in `HashChain.verify`), `lines` each posting's fields.
    static func bytes(format: Int, entry: RawRow, lines: [RawRow]) -> [UInt8] {
        var json = ChainCanonical()
        json.bytes.reserveCapacity(256 + 96 * lines.count)
        json.open()
        if format >= 2 { json.raw(Array(String(format).utf8)) }
        json.string(entry.bytes(at: LinkColumn.coop))
        json.number(entry.bytes(at: LinkColumn.entryID))
        json.string(entry.bytes(at: LinkColumn.entryDate))
        json.string(entry.bytes(at: LinkColumn.kind))
        json.string(entry.bytes(at: LinkColumn.key))
        json.number(entry.bytes(at: LinkColumn.reverses))
        json.string(entry.bytes(at: LinkColumn.memo))
        if format >= 2 { json.number(entry.bytes(at: LinkColumn.createdMicroseconds)) }
        if format >= 3 {
            json.string(entry.bytes(at: LinkColumn.voucherMonth))
            json.number(entry.bytes(at: LinkColumn.voucherNumber))
            json.string(entry.bytes(at: LinkColumn.preparedBy))
            json.string(entry.bytes(at: LinkColumn.approvedBy))
            json.string(entry.bytes(at: LinkColumn.postedBy))
            json.number(entry.bytes(at: LinkColumn.voucherID))
            json.number(entry.bytes(at: LinkColumn.attachments))
        }
        if lines.isEmpty {
            json.raw(Self.null)  // json_agg of no rows
        } else {
            json.open()
            for line in lines {
                json.open()
                json.number(line.bytes(at: LineColumn.lineNo))
                json.string(line.bytes(at: LineColumn.account))
                json.number(line.bytes(at: LineColumn.member))
                json.number(line.bytes(at: LineColumn.amount))
                if format >= 2 {
                    json.string(line.bytes(at: LineColumn.date))
                    json.string(line.bytes(at: LineColumn.kind))
                }
                json.close()
            }
            json.close()
        }
        json.close()
        return json.bytes
    }

    /// Columns of the `chain_links` cursor in `HashChain.verify`.
    enum LinkColumn {
        static let chainSeq = 0, entryID = 1, format = 2, hash = 3, isMissing = 4, coop = 5, entryDate = 6, kind = 7, key = 8,
                   reverses = 9, memo = 10, createdMicroseconds = 11, voucherMonth = 12, voucherNumber = 13, preparedBy = 14,
                   approvedBy = 15, postedBy = 16, voucherID = 17, attachments = 18
    }

    /// Columns of the `chain_lines` cursor in `HashChain.verify`.
    enum LineColumn {
        static let entryID = 0, lineNo = 1, account = 2, member = 3, amount = 4, date = 5, kind = 6
    }

    // MARK: - json_build_array's spelling

    private mutating func separate() {
        if isFirst[isFirst.count - 1] {
            isFirst[isFirst.count - 1] = false
        } else {
            bytes.append(44)  // ", "
            bytes.append(32)
        }
    }

    private mutating func open() {
        separate()
        bytes.append(91)  // [
        isFirst.append(true)
    }

    private mutating func close() {
        bytes.append(93)  // ]
        isFirst.removeLast()
    }

    private mutating func escape(_ letter: UInt8) {
        bytes.append(92)
        bytes.append(letter)
    }

    private static let null = Array("null".utf8)

    private mutating func raw<Bytes: Sequence<UInt8>>(_ text: Bytes) {
        separate()
        bytes.append(contentsOf: text)
    }

    private mutating func number(_ text: UnsafeBufferPointer<UInt8>?) {
        guard let text else { return raw(Self.null) }
        raw(text)
    }

    /// A string as PostgreSQL's escape_json writes it: `"` and `\` escaped, the usual
    /// control characters by letter, the others as `\u00XX`; everything else as it is.
    private mutating func string(_ text: UnsafeBufferPointer<UInt8>?) {
        guard let text else { return raw(Self.null) }
        separate()
        bytes.append(34)
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
                bytes.append(48)
                bytes.append(48)
                bytes.append(Hex.digits[Int(byte >> 4)])
                bytes.append(Hex.digits[Int(byte & 15)])
            default: bytes.append(byte)
            }
        }
        bytes.append(34)
    }
}
