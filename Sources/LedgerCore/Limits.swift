/// Every collection and text the ledger accepts has a named upper bound, so no input
/// can make it use unbounded memory or time.
public enum Limits {
    /// Lines (postings) in one journal entry.
    public static let linesPerEntryMax = 1_000
    /// Characters in an entry's memo.
    public static let memoLengthMax = 500
    /// Characters in an idempotency key.
    public static let keyLengthMax = 128
    /// Characters in a member's or a cooperative's name.
    public static let nameLengthMax = 200
    /// Characters in a cooperative's code.
    public static let coopCodeLengthMax = 32
    /// Lines in one import file, unless the bookkeeper sets another limit.
    public static let importLinesMax = 2_000_000
    /// Errors listed before an import gives up, unless told otherwise.
    public static let importErrorsMax = 20
    /// Member numbers run from 1 to this.
    public static let memberNumberMax: Int32 = 9_999_999
}
