/// CSV for spreadsheets: UTF-8 with a byte-order mark so Excel shows Chinese correctly,
/// CRLF line ends, fields quoted when they need it (RFC 4180).
public struct CSVWriter {
    public private(set) var text = "\u{FEFF}"

    public init(header: [String]) {
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        text += fields.map(Self.escaped).joined(separator: ",") + "\r\n"
    }

    static func escaped(_ field: String) -> String {
        let field = neutralized(field)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A cell starting with = + - @ (or a tab or carriage return) is read by Excel as a
    /// formula: `=1+2+cmd|' /C calc'!A0` in a memo would run. Such a cell is written with a
    /// leading apostrophe, which Excel shows as text (OWASP's advice); numbers stay numbers.
    static func neutralized(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(field) else { return field }
        return "'" + field
    }

    /// -12.34, 5, +3: an amount or a count, safe to leave as it is.
    private static func isNumber(_ field: String) -> Bool {
        var digits = field.utf8.dropFirst(field.utf8.first == UInt8(ascii: "-") || field.utf8.first == UInt8(ascii: "+") ? 1 : 0)
        guard let firstDigit = digits.first, (48...57).contains(firstDigit) else { return false }
        var seenPoint = false
        while let byte = digits.popFirst() {
            if byte == UInt8(ascii: "."), !seenPoint { seenPoint = true; continue }
            guard (48...57).contains(byte) else { return false }
        }
        return true
    }
}
