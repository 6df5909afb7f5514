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
    // The current row lives in memory of its own, reached through constants: Swift checks
    // every access to a class's variables for exclusivity at run time, and these are read
    // millions of times a stream.
    private let state: UnsafeMutablePointer<State>
    private let fields: UnsafeMutablePointer<(start: Int, length: Int)>

    private struct State {
        var message: UnsafeMutablePointer<CChar>?
        var data = UnsafeRawBufferPointer(start: nil, count: 0)
        var fieldCount = 0
        var isHeaderRead = false
        var isDone = false
    }

    /// PostgreSQL's limit on the columns of a row.
    private static let fieldsMax = 1664
    /// The signature every binary COPY stream opens with.
    private static let signature: [UInt8] = [80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0] // PGCOPY\n\377\r\n\0

    init(connection: Connection) {
        self.connection = connection
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        fields = .allocate(capacity: Self.fieldsMax)
    }

    deinit {
        if let message = state.pointee.message { PQfreemem(message) }
        state.deallocate()
        fields.deallocate()
    }

    /// Moves to the next row; false after the last, once the server has said the COPY
    /// succeeded (an error it reports at the end is thrown here).
    public func next() throws(PostgresError) -> Bool {
        guard !state.pointee.isDone else { return false }
        while true {
            guard readMessage() >= 0 else { return try finish() }
            var offset = 0
            if !state.pointee.isHeaderRead {
                offset = try headerLength()
                state.pointee.isHeaderRead = true
                if offset == state.pointee.data.count { continue } // the header came alone
            }
            return try parseRow(at: offset)
        }
    }

    public var count: Int { state.pointee.fieldCount }

    public func isNull(_ field: Int) -> Bool { self[field].length < 0 }

    /// The field's bytes (text and bytea as they are); nil for NULL.
    public func bytes(_ field: Int) -> UnsafeRawBufferPointer? {
        let (start, length) = self[field]
        guard length >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: state.pointee.data[start..<start + length])
    }

    /// A `smallint`, `integer` or `bigint` field (also `date`, as days since 2000-01-01, and
    /// `timestamptz`, as microseconds since then); nil for NULL or a field of another width.
    public func integer(_ field: Int) -> Int64? {
        let (start, length) = self[field]
        let data = state.pointee.data
        switch length {
        case 2: return Int64(Int16(bigEndian: data.loadUnaligned(fromByteOffset: start, as: Int16.self)))
        case 4: return Int64(Int32(bigEndian: data.loadUnaligned(fromByteOffset: start, as: Int32.self)))
        case 8: return Int64(bigEndian: data.loadUnaligned(fromByteOffset: start, as: Int64.self))
        default: return nil
        }
    }

    private subscript(field: Int) -> (start: Int, length: Int) {
        precondition(field >= 0 && field < state.pointee.fieldCount, "field \(field) of a row of \(state.pointee.fieldCount)")
        return fields[field]
    }

    // MARK: - The format

    /// The next CopyData message, in place of the one before (freed); its length, or -1
    /// once the COPY has ended (-2 on an error, which `finishCopy` then reports).
    private func readMessage() -> Int32 {
        if let message = state.pointee.message { PQfreemem(message) }
        state.pointee.message = nil
        let length = connection.readCopyData(into: &state.pointee.message)
        state.pointee.data = UnsafeRawBufferPointer(start: state.pointee.message, count: Int(max(length, 0)))
        return length
    }

    private func headerLength() throws(PostgresError) -> Int {
        let data = state.pointee.data
        let fixed = Self.signature.count + 8 // then flags and the extension's length, 4 bytes each
        guard data.count >= fixed, data.prefix(Self.signature.count).elementsEqual(Self.signature) else {
            throw malformed("the stream does not open with the binary COPY signature")
        }
        let extensionLength = Int(UInt32(bigEndian: data.loadUnaligned(fromByteOffset: fixed - 4, as: UInt32.self)))
        guard extensionLength <= data.count - fixed else { throw malformed("the header extension runs past the message") }
        return fixed + extensionLength
    }

    private func parseRow(at start: Int) throws(PostgresError) -> Bool {
        let data = state.pointee.data
        var offset = start
        func take(_ size: Int) throws(PostgresError) -> Int {
            guard size <= data.count - offset else { throw malformed("a row runs past its message") }
            defer { offset += size }
            return offset
        }
        let fieldCount = Int(Int16(bigEndian: data.loadUnaligned(fromByteOffset: try take(2), as: Int16.self)))
        if fieldCount == -1 { // the trailer: what follows is the end of the COPY
            while readMessage() >= 0 {}
            return try finish()
        }
        guard (0...Self.fieldsMax).contains(fieldCount) else { throw malformed("a row of \(fieldCount) fields") }
        state.pointee.fieldCount = 0 // until the row is whole
        for field in 0..<fieldCount {
            let length = Int(Int32(bigEndian: data.loadUnaligned(fromByteOffset: try take(4), as: Int32.self)))
            guard length >= -1 else { throw malformed("a field of length \(length)") }
            fields[field] = (try take(max(length, 0)), length)
        }
        state.pointee.fieldCount = fieldCount
        return true
    }

    /// The COPY has ended: no row, and the server's last word on it (its error is thrown).
    private func finish() throws(PostgresError) -> Bool {
        state.pointee.isDone = true
        state.pointee.fieldCount = 0
        try connection.finishCopy()
        return false
    }

    private func malformed(_ what: String) -> PostgresError {
        PostgresError(kind: .protocolViolation, message: "binary COPY: \(what)")
    }
}
