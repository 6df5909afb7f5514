/// The one rounding rule of the ledger: an exact quotient (128-bit intermediate),
/// rounded half away from zero (四舍五入) to a whole number, once.
public enum Rounding {
    public static func divide(_ numerator: Int128, by denominator: Int128, field: String) throws(LedgerError) -> Int64 {
        precondition(denominator > 0, "rounding divides by a positive denominator")
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        // |remainder| * 2 >= denominator: the fraction is one half or more.
        let rounded =
            remainder.magnitude * 2 >= denominator.magnitude
            ? quotient + (numerator < 0 ? -1 : 1)
            : quotient
        guard let result = Int64(exactly: rounded) else {
            throw LedgerError(.amountOverflow, field: field, rule: "the result is beyond what the ledger can hold")
        }
        return result
    }

    /// `value × numerator / denominator`, rounded once.
    public static func scale(_ value: Int64, by numerator: Int64, over denominator: Int64, field: String) throws(LedgerError) -> Int64 {
        try divide(product([value, numerator], field: field), by: Int128(denominator), field: field)
    }

    /// The exact product of the factors, refusing one too large even for 128 bits.
    public static func product(_ factors: [Int64], field: String) throws(LedgerError) -> Int128 {
        var result: Int128 = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: Int128(factor))
            guard !overflow else {
                throw LedgerError(.amountOverflow, field: field, rule: "the result is beyond what the ledger can hold")
            }
            result = next
        }
        return result
    }
}
