/// Exact parsing of decimal text into a scaled integer, for every fixed-point quantity
/// of the ledger: money (2 decimals), land area in mu (2), weight in kg (3), unit
/// prices (4). No floating point is involved at any step.
public enum DecimalText {
    /// `-?\d+(\.\d{1,decimals})?` scaled by 10^decimals.
    static func parse(_ text: String, decimals: Int, field: String, allowsNegative: Bool = true, example: String) throws(LedgerError) -> Int64 {
        func refuse(_ rule: String, _ code: LedgerError.Code = .invalidAmount) -> LedgerError {
            LedgerError(code, field: field, value: text, rule: rule)
        }
        var bytes = Array(text.utf8)[...]
        let isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative {
            guard allowsNegative else { throw refuse("cannot be negative") }
            bytes = bytes.dropFirst()
        }
        let integerDigits = bytes.prefix(while: isDigit)
        var rest = bytes.dropFirst(integerDigits.count)
        var fractionDigits: ArraySlice<UInt8> = []
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: isDigit)
            rest = rest.dropFirst(fractionDigits.count)
            guard !fractionDigits.isEmpty else { throw refuse("needs digits after the decimal point, like \(example)") }
        }
        guard !integerDigits.isEmpty, rest.isEmpty else {
            throw refuse("write digits with at most \(decimals) decimals, like \(example)")
        }
        guard fractionDigits.count <= decimals else { throw refuse("has at most \(decimals) decimals, like \(example)") }

        // Accumulate as a negative number so that Int64.min stays reachable without overflow:
        // the integer digits, the fraction's, then zeros up to `decimals`.
        var value: Int64 = 0
        func shift(in digit: UInt8) throws(LedgerError) {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw refuse("is too large", .amountOverflow) }
            value = next
        }
        for digit in integerDigits { try shift(in: digit) }
        for digit in fractionDigits { try shift(in: digit) }
        for _ in fractionDigits.count..<decimals { try shift(in: UInt8(ascii: "0")) }
        if !isNegative {
            guard value != Int64.min else { throw refuse("is too large", .amountOverflow) }
            value = -value
        }
        return value
    }

    /// The scaled integer written with exactly `decimals` decimals.
    public static func format(_ value: Int64, decimals: Int) -> String {
        let magnitude = value.magnitude
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = magnitude / scale
        guard decimals > 0 else { return (value < 0 ? "-" : "") + "\(whole)" }
        let fraction = String(magnitude % scale)
        return (value < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
