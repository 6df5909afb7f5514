import CLibPQ

/// The rows of a `COPY (…) TO STDOUT (FORMAT binary)`, one at a time: memory stays bounded
/// whatever the number of rows, and a thread reads the server's messages ahead of the
/// caller (`CopyOutPrefetch`) while it works on the row it has. For streams of millions of
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
    private let prefetch: CopyOutPrefetch
    // The current row lives in memory of its own, reached through constants: Swift checks
    // every access to a class's variables for exclusivity at run time, and these are read
    // millions of times a stream.
    private let state: UnsafeMutablePointer<State>
    private let fields: UnsafeMutablePointer<(start: Int, length: Int)>

    private struct State {
        /// The chunk of messages being read, and where its next row starts.
        var chunk: CopyOutPrefetch.Chunk?
        var data = UnsafeRawBufferPointer(start: nil, count: 0)
        var offset = 0
        var fieldCount = 0
        var isHeaderRead = false
        var isDone = false
    }

    /// PostgreSQL's limit on the columns of a row.
    private static let fieldsMax = 1664
    /// The signature every binary COPY stream opens with.
    private static let signature: [UInt8] = [80, 71, 67, 79, 80, 89, 10, 255, 13, 10, 0] // PGCOPY\n\377\r\n\0

    init(connection: Connection) {
        prefetch = CopyOutPrefetch(connection: connection)
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        fields = .allocate(capacity: Self.fieldsMax)
    }

    deinit {
        prefetch.abandon()
        state.deinitialize(count: 1)
        state.deallocate()
        fields.deallocate()
    }

    /// Moves to the next row; false after the last, once the server has said the COPY
    /// succeeded (an error it reports at the end is thrown here).
    public func next() throws(PostgresError) -> Bool {
        guard !state.pointee.isDone else { return false }
        while state.pointee.offset == state.pointee.data.count {
            guard try advanceChunk() else { return finish() }
        }
        if !state.pointee.isHeaderRead {
            state.pointee.offset = try headerLength()
            state.pointee.isHeaderRead = true
            return try next() // the header may end its chunk
        }
        return try parseRow()
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

    /// Moves to the next chunk of messages, handing the one read back to be filled again;
    /// false once the COPY has ended (its error is thrown).
    private func advanceChunk() throws(PostgresError) -> Bool {
        let used = state.pointee.chunk
        state.pointee.chunk = nil
        state.pointee.data = UnsafeRawBufferPointer(start: nil, count: 0)
        state.pointee.offset = 0
        do {
            guard let chunk = try prefetch.nextChunk(returning: used) else { return false }
            state.pointee.chunk = chunk
            state.pointee.data = chunk.data
            return true
        } catch {
            state.pointee.isDone = true
            throw error
        }
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

    /// The row at the chunk's offset, which then moves past it. A row lies within its
    /// message (the server sends one a message), so within its chunk.
    private func parseRow() throws(PostgresError) -> Bool {
        let data = state.pointee.data
        var offset = state.pointee.offset
        func take(_ size: Int) throws(PostgresError) -> Int {
            guard size <= data.count - offset else { throw malformed("a row runs past its message") }
            defer { offset += size }
            return offset
        }
        let fieldCount = Int(Int16(bigEndian: data.loadUnaligned(fromByteOffset: try take(2), as: Int16.self)))
        if fieldCount == -1 { // the trailer: what follows is the end of the COPY
            while try advanceChunk() {}
            return finish()
        }
        guard (0...Self.fieldsMax).contains(fieldCount) else { throw malformed("a row of \(fieldCount) fields") }
        state.pointee.fieldCount = 0 // until the row is whole
        for field in 0..<fieldCount {
            let length = Int(Int32(bigEndian: data.loadUnaligned(fromByteOffset: try take(4), as: Int32.self)))
            guard length >= -1 else { throw malformed("a field of length \(length)") }
            fields[field] = (try take(max(length, 0)), length)
        }
        state.pointee.fieldCount = fieldCount
        state.pointee.offset = offset
        return true
    }

    /// The COPY has ended, and the server said it succeeded: no row.
    private func finish() -> Bool {
        state.pointee.isDone = true
        state.pointee.fieldCount = 0
        state.pointee.chunk = nil
        return false
    }

    /// What is wrong with the stream; nothing more is read from it.
    private func malformed(_ what: String) -> PostgresError {
        state.pointee.isDone = true
        return PostgresError(kind: .protocolViolation, message: "binary COPY: \(what)")
    }
}
