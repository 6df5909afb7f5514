/// Writes rows in COPY's text format, sending them to the server in chunks.
public struct CopyWriter {
    /// Rows are sent once this many bytes have gathered: large enough to keep the socket
    /// busy, small enough that memory stays bounded whatever the number of rows.
    public static let chunkBytesMax = 256 * 1024

    private var buffer: [UInt8] = []
    private let send: ([UInt8]) throws(PostgresError) -> Void

    init(send: @escaping ([UInt8]) throws(PostgresError) -> Void) {
        self.send = send
        buffer.reserveCapacity(Self.chunkBytesMax + 4096)
    }

    /// Appends one row; `nil` is SQL NULL.
    public mutating func writeRow(_ fields: [String?]) throws(PostgresError) {
        let rowStart = buffer.count
        do {
            try append(fields)
        } catch {
            buffer.removeSubrange(rowStart...) // no half row may reach the server
            throw error
        }
        if buffer.count >= Self.chunkBytesMax { try flush() }
    }

    private mutating func append(_ fields: [String?]) throws(PostgresError) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 0:
                    throw PostgresError(kind: .encoding, message: "COPY field \(index + 1) contains a NUL byte, which PostgreSQL text cannot hold")
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        try send(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
