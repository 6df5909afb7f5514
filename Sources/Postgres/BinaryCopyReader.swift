import CLibPQ

/// The rows of a `COPY (…) TO STDOUT (FORMAT binary)`, one at a time as the server sends
/// them: memory stays flat whatever the number of rows, and the server goes on producing
/// (into the socket) while the caller works on the row it has. For streams of millions of
/// rows (`verify`), where parsing text would be much of the cost.
///
/// Fields are read in place, in PostgreSQL's binary send format (big-endian integers,
/// dates as days since 2000-01-01, timestamps as microseconds since then, text as its
/// bytes), and stay valid until the next call to `next()`. The statement must cast each
/// column to the type it is read as: the binary format carries no types.
///
/// Read to the end (`next()` false), or drop the reader together with its connection: a
/// COPY left half read keeps the connection busy.
public final class BinaryCopyReader {
    private let connection: Connection
    private var message: UnsafeMutablePointer<CChar>?
    private var data = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Where each field of the current row starts in `data`, and its length (-1 for NULL).
    private var fields: [(start: Int, length: Int)] = []
    private var isHeaderRead = false
    private var isDone = false

    /// The signature every binary COPY stream opens with.
    private static let signature: [UInt8] = [80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0]  // PGCOPY\n\377\r\n\0

    init(connection: Connection) {
        self.connection = connection
    }

    deinit {
        if let message { PQfreemem(message) }
    }

    /// Moves to the next row; false after the last, once the server has said the COPY
    /// succeeded (an error it reports at the end is thrown here).
    public func next() throws(PostgresError) -> Bool {
        guard !isDone else { return false }
        while true {
            let length = readMessage()
            guard length >= 0 else {
                isDone = true
                try connection.finishCopy()
                return false
            }
            data = UnsafeRawBufferPointer(start: message, count: Int(length))
            var offset = 0
            if !isHeaderRead {
                offset = try headerLength()
                isHeaderRead = true
                if offset == data.count { continue }  // the header came alone
            }
            return try parseRow(at: offset)
        }
    }

    public var count: Int { fields.count }

    public func isNull(_ field: Int) -> Bool { fields[field].length < 0 }

    /// The field's bytes (text and bytea as they are); nil for NULL.
    public func bytes(_ field: Int) -> UnsafeRawBufferPointer? {
        let (start, length) = fields[field]
        guard length >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: data[start..<start + length])
    }

    /// A `smallint`, `integer` or `bigint` field (also `date`, as days since 2000-01-01, and
    /// `timestamptz`, as microseconds since then); nil for NULL or a field of another width.
    public func integer(_ field: Int) -> Int64? {
        let (start, length) = fields[field]
        switch length {
        case 2: return Int64(Int16(bigEndian: data.loadUnaligned(fromByteOffset: start, as: Int16.self)))
        case 4: return Int64(Int32(bigEndian: data.loadUnaligned(fromByteOffset: start, as: Int32.self)))
        case 8: return Int64(bigEndian: data.loadUnaligned(fromByteOffset: start, as: Int64.self))
        default: return nil
        }
    }

    // MARK: - The format

    private func headerLength() throws(PostgresError) -> Int {
        let fixed = Self.signature.count + 8  // then flags and the extension's length, 4 bytes each
        guard data.count >= fixed, data.prefix(Self.signature.count).elementsEqual(Self.signature) else {
            throw malformed("the stream does not open with the binary COPY signature")
        }
        let extensionLength = Int(UInt32(bigEndian: data.loadUnaligned(fromByteOffset: fixed - 4, as: UInt32.self)))
        guard extensionLength <= data.count - fixed else { throw malformed("the header extension runs past the message") }
        return fixed + extensionLength
    }

    private func parseRow(at start: Int) throws(PostgresError) -> Bool {
        var offset = start
        func take(_ size: Int) throws(PostgresError) -> Int {
            guard size <= data.count - offset else { throw malformed("a row runs past its message") }
            defer { offset += size }
            return offset
        }
        let fieldCount = Int(Int16(bigEndian: data.loadUnaligned(fromByteOffset: try take(2), as: Int16.self)))
        if fieldCount == -1 {  // the trailer: what follows is the end of the COPY
            isDone = true
            while readMessage() >= 0 {}
            try connection.finishCopy()
            return false
        }
        guard fieldCount >= 0 else { throw malformed("a row of \(fieldCount) fields") }
        fields.removeAll(keepingCapacity: true)
        for _ in 0..<fieldCount {
            let length = Int(Int32(bigEndian: data.loadUnaligned(fromByteOffset: try take(4), as: Int32.self)))
            guard length >= -1 else { throw malformed("a field of length \(length)") }
            fields.append((try take(max(length, 0)), length))
        }
        return true
    }

    /// The next CopyData message, in place of the one before (freed); its length, or -1
    /// once the COPY has ended (-2 on an error, which `finishCopy` then reports).
    private func readMessage() -> Int32 {
        if let message { PQfreemem(message) }
        message = nil
        return connection.readCopyData(into: &message)
    }

    private func malformed(_ what: String) -> PostgresError {
        PostgresError(kind: .protocolViolation, message: "binary COPY: \(what)")
    }
}
