import LedgerCore

/// Text placed in HTML: every character that could open markup is escaped, so a member
/// named `<script>` reads as text.
enum HTMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Amounts as a bookkeeper reads them on a printed form or a page: 2,132,885.00. Only the
/// printable and on-screen forms group digits; text, JSON and CSV keep 2132885.00, which
/// programs and spreadsheets read as a number.
public enum AmountText {
    /// `text` grouped by thousands if it is an amount (-?digits.2 digits), else unchanged.
    public static func grouped(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let sign = bytes.first == UInt8(ascii: "-") ? 1 : 0
        guard bytes.count >= sign + 4, bytes[bytes.count - 3] == UInt8(ascii: "."),
            bytes[sign...].enumerated().allSatisfy({ $0.offset == bytes.count - sign - 3 || (48...57).contains($0.element) })
        else { return text }
        let integer = bytes[sign..<(bytes.count - 3)]
        guard integer.count > 3 else { return text }
        var result: [UInt8] = sign == 1 ? [UInt8(ascii: "-")] : []
        for (index, digit) in integer.enumerated() {
            if index > 0 && (integer.count - index) % 3 == 0 { result.append(UInt8(ascii: ",")) }
            result.append(digit)
        }
        result += bytes[(bytes.count - 3)...]
        return String(decoding: result, as: UTF8.self)
    }
}

extension Money {
    /// The amount as pages and printed forms show it: 2,132,885.00 (`AmountText`).
    public var grouped: String { AmountText.grouped(description) }
}
