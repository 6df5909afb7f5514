/// An exact amount of money in fen (0.01 yuan). Never a floating-point number.
///
/// Text form: `-?\d+(\.\d{1,2})?` yuan, such as `2000`, `2000.5`, `-12.34`.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A line's amount as a person writes it in a debit or a credit column: positive (the
    /// column says which side), at most `Limits.lineAmountMax`. Every door reads it so.
    public static func lineAmount(parsing text: String, field: String) throws(LedgerError) -> Money {
        let money = try Money(parsing: text, field: field)
        guard money.fen > 0 else {
            throw LedgerError(.invalidAmount, field: field, value: text, rule: "amounts are positive; the column says debit or credit")
        }
        guard money.fen <= Limits.lineAmountMax.fen else {
            throw LedgerError(.amountOverflow, field: field, value: text, rule: "a line's amount is at most \(Limits.lineAmountMax) yuan")
        }
        return money
    }

    public let fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    /// Parses the text form; `field` names the input in the error.
    public init(parsing text: String, field: String) throws(LedgerError) {
        self.fen = try DecimalText.parse(text, decimals: 2, field: field, example: "2000 or -12.34")
    }

    /// Yuan with exactly two decimals: `2000.00`, `-0.05`.
    public var description: String { DecimalText.format(fen, decimals: 2) }

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
