/// The head of a cooperative's hash chain: what every statement says it was made from.
public struct ChainHead: Sendable, Equatable, CustomStringConvertible {
    public let entries: Int64
    /// Lower-case hex of the last entry's hash; 64 zeros before the first entry.
    public let hash: String

    public init(entries: Int64, hash: String) {
        self.entries = entries
        self.hash = hash
    }

    public var description: String { "chain head \(hash) (\(entries) entries)" }
}

/// What `verify` found.
public enum ChainVerdict: Sendable, Equatable {
    case intact(ChainHead)
    /// The first entry (in chain order) whose stored hash differs from the recomputed one.
    case broken(entry: Int64, chainSeq: Int64, reason: String)
}

/// What `verify` finds in the chain of a cooperative's records (sql/027).
public enum RecordVerdict: Sendable, Equatable {
    case intact(changes: Int64, head: String)
    /// The first findings: a link that does not recompute, or rows changed outside the chain.
    case broken([String])
}
