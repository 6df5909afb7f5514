import CLibPQ

/// A statement's rows left in libpq's memory, each field read in place as bytes: for streams
/// of many rows (`verify` reads every entry and posting), where a `String` per field would be
/// most of the cost. The memory is freed when the last reference to the result goes.
public final class RawResult: @unchecked Sendable {
    private let result: OpaquePointer
    public let rowCount: Int

    init(_ result: OpaquePointer) {
        self.result = result
        rowCount = Int(PQntuples(result))
    }

    deinit { PQclear(result) }

    public subscript(row: Int) -> RawRow { RawRow(result: self, index: Int32(row)) }

    /// The field's bytes as PostgreSQL wrote them in text, nil for NULL; valid while this
    /// result lives (a `RawRow` keeps it alive).
    func bytes(row: Int32, column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: Int(PQgetlength(result, row, column)))
    }
}

/// One row of a `RawResult`, which it keeps alive.
public struct RawRow: @unchecked Sendable {
    let result: RawResult
    let index: Int32

    /// The field's text bytes, nil for NULL; valid while this row (or its result) lives.
    public func bytes(at column: Int) -> UnsafeBufferPointer<UInt8>? {
        result.bytes(row: index, column: Int32(column))
    }

    /// The field as a whole number, nil for NULL or anything that is not one.
    public func integer(at column: Int) -> Int64? {
        // Numbers are short: the String stays inline, with nothing allocated.
        bytes(at: column).flatMap { Int64(String(decoding: $0, as: UTF8.self)) }
    }
}
