/// An exact amount of money in fen (0.01 yuan). Never a floating-point number.
///
/// Text form: `-?\d+(\.\d{1,2})?` yuan, such as `2000`, `2000.5`, `-12.34`.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    /// Parses the text form; `field` names the input in the error.
    public init(parsing text: String, field: String) throws(LedgerError) {
        func refuse(_ rule: String, _ code: LedgerError.Code = .invalidAmount) -> LedgerError {
            LedgerError(code, field: field, value: text, rule: rule)
        }
        var bytes = Array(text.utf8)[...]
        let isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative { bytes = bytes.dropFirst() }
        let integerDigits = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        var rest = bytes.dropFirst(integerDigits.count)
        var fractionDigits: ArraySlice<UInt8> = []
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            rest = rest.dropFirst(fractionDigits.count)
            guard !fractionDigits.isEmpty else { throw refuse("an amount needs digits after the decimal point") }
        }
        guard !integerDigits.isEmpty, rest.isEmpty else {
            throw refuse("an amount is yuan written as digits with at most two decimals, like 2000 or -12.34")
        }
        guard fractionDigits.count <= 2 else { throw refuse("an amount has at most two decimals (fen)") }

        // Accumulate as a negative number so that Int64.min stays reachable without overflow.
        var fen: Int64 = 0
        let digits = Array(integerDigits) + Array(fractionDigits) + Array(repeating: UInt8(ascii: "0"), count: 2 - fractionDigits.count)
        for digit in digits {
            let (times10, overflow1) = fen.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw refuse("the amount is too large", .amountOverflow) }
            fen = next
        }
        if !isNegative {
            guard fen != Int64.min else { throw refuse("the amount is too large", .amountOverflow) }
            fen = -fen
        }
        self.fen = fen
    }

    /// Yuan with exactly two decimals: `2000.00`, `-0.05`.
    public var description: String {
        let magnitude = fen.magnitude
        let yuan = magnitude / 100
        let cents = magnitude % 100
        return (fen < 0 ? "-" : "") + "\(yuan)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    public var isZero: Bool { fen == 0 }
    public var isNegative: Bool { fen < 0 }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }

    /// The sum, or an overflow error naming `field`.
    public func adding(_ other: Money, field: String = "amount") throws(LedgerError) -> Money {
        let (sum, overflow) = fen.addingReportingOverflow(other.fen)
        guard !overflow else { throw Self.overflow(field) }
        return Money(fen: sum)
    }

    public func negated(field: String = "amount") throws(LedgerError) -> Money {
        let (result, overflow) = Int64(0).subtractingReportingOverflow(fen)
        guard !overflow else { throw Self.overflow(field) }
        return Money(fen: result)
    }

    /// Adds up amounts, refusing overflow.
    public static func sum(_ amounts: some Sequence<Money>, field: String = "amount") throws(LedgerError) -> Money {
        var total = Money.zero
        for amount in amounts { total = try total.adding(amount, field: field) }
        return total
    }

    private static func overflow(_ field: String) -> LedgerError {
        LedgerError(.amountOverflow, field: field, rule: "the total is beyond what the ledger can hold")
    }
}
