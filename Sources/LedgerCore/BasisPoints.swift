/// A rate in basis points: 500 is 5.00%, 10000 is 100%.
public struct BasisPoints: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int32

    public init(_ value: Int32) { self.value = value }

    public static let whole = BasisPoints(10_000)

    /// Parses a percentage with at most two decimals, such as `60%`, `12.5%`, `0%`.
    public init(parsingPercent text: String, field: String) throws(LedgerError) {
        let refusal = LedgerError(.invalidRate, field: field, value: text, rule: "a rate is a percentage with at most two decimals, like 60% or 12.5%")
        guard text.hasSuffix("%") else { throw refusal }
        // A percentage with two decimals is an amount with two decimals: reuse the exact parser.
        guard let hundredths = try? Money(parsing: String(text.dropLast()), field: field).fen,
            hundredths >= 0, hundredths <= 1_000_000
        else { throw refusal }
        self.value = Int32(hundredths)
    }

    public var description: String {
        let whole = value / 100
        let fraction = value % 100
        if fraction == 0 { return "\(whole)%" }
        return "\(whole)." + (fraction < 10 ? "0" : "") + "\(fraction % 10 == 0 ? fraction / 10 : fraction)%"
    }

    public static func < (lhs: BasisPoints, rhs: BasisPoints) -> Bool { lhs.value < rhs.value }
}
