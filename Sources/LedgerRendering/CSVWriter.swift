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
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
