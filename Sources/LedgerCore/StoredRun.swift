/// A posted (or reversed) distribution run, as recorded with its inputs.
public struct StoredRun: Sendable, Equatable {
    public let id: Int64
    public let isReversed: Bool
    public let distribution: Distribution

    public init(id: Int64, isReversed: Bool, distribution: Distribution) {
        self.id = id
        self.isReversed = isReversed
        self.distribution = distribution
    }

    /// Every entry key of the run starts with this.
    public var keyPrefix: String { Self.keyPrefix(year: distribution.year, run: id) }

    public static func keyPrefix(year: Int, run: Int64) -> String { SystemKey.run(year: year, run: run) }
}
