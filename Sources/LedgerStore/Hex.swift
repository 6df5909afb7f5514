/// Bytes as lower-case hexadecimal, as PostgreSQL's `encode(…, 'hex')` writes them: hash
/// chain links, token hashes, and JSON's `\u00XX` escapes.
enum Hex {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        String(decoding: encodeBytes(bytes), as: UTF8.self)
    }

    /// The hexadecimal digits as bytes (to compare with a field's text in place).
    static func encodeBytes(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var text = [UInt8]()
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return text
    }
}
