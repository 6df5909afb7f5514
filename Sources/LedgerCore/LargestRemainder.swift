/// Splits a pool of fen among weights so the shares add up to the pool exactly
/// (docs/domain.md): each share is floor(pool × weight / total); the fen left over go one each
/// to the largest fractional remainders, ties broken by member number ascending.
/// The result does not depend on the order the weights come in.
public enum LargestRemainder {
    /// Shares by member. Weights must be non-negative; if they sum to zero, nothing is
    /// split and the result is nil (the pool stays undistributed).
    public static func split(_ pool: Money, by weights: [MemberNumber: Int64]) throws(LedgerError) -> [MemberNumber: Money]? {
        precondition(pool.fen >= 0, "only a non-negative pool is split")
        var total: Int128 = 0
        for weight in weights.values {
            precondition(weight >= 0, "weights are non-negative")
            total += Int128(weight)
        }
        guard total > 0 else { return nil }

        var shares: [MemberNumber: Money] = [:]
        var remainders: [(member: MemberNumber, remainder: Int128)] = []
        var handedOut: Int128 = 0
        for (member, weight) in weights {
            let exact = Int128(pool.fen) * Int128(weight)
            let share = exact / total
            // share ≤ pool, so it fits in Int64.
            shares[member] = Money(fen: Int64(share))
            handedOut += share
            remainders.append((member, exact % total))
        }
        // Fractional parts share the denominator `total`: compare the remainders directly.
        remainders.sort { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.member < $1.member }
        let leftover = Int(Int128(pool.fen) - handedOut) // fewer than the number of members
        for index in 0..<leftover {
            let member = remainders[index].member
            shares[member] = Money(fen: shares[member]!.fen + 1)
        }
        return shares
    }
}
