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
        guard let bytes = bytes(at: column), !bytes.isEmpty else { return nil }
        var value: Int64 = 0
        var isNegative = false
        for (offset, byte) in bytes.enumerated() {
            if offset == 0, byte == UInt8(ascii: "-") { isNegative = true; continue }
            guard (48...57).contains(byte) else { return nil }
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedAgain) = shifted.addingReportingOverflow(Int64(byte - 48))
            guard !overflowed, !overflowedAgain else { return nil }
            value = sum
        }
        guard !isNegative || bytes.count > 1 else { return nil }
        return isNegative ? -value : value
    }
}
