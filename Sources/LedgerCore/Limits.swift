/// Every collection and text the ledger accepts has a named upper bound, so no input
/// can make it use unbounded memory or time.
public enum Limits {
    /// How long a token from signing in (`coopledger login`) lasts: a working day.
    public static let signInTokenSeconds = 12 * 60 * 60
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
    /// How long an import waits for a lock (another import holding some of the same keys, a
    /// year being closed), unless told otherwise; then it stops with nothing written.
    public static let importLockWaitSeconds = 300
    /// The longest wait `--lock-timeout` may ask for.
    public static let importLockWaitSecondsMax = 3_600
    /// Errors listed before an import gives up, unless told otherwise.
    public static let importErrorsMax = 20
    /// Entries on one page of the journal (the server's doors always page it, so one request
    /// holds at most this many entries' postings in memory: about 1 MB of HTML).
    public static let journalEntriesPerPage = 1_000
    /// Postings of one account's ledger a request to the server shows (its running balance and
    /// month totals read the period whole, so it is bounded rather than paged).
    public static let ledgerPostingsPerRequestMax = 20_000
    /// Pages of a journal a request may ask for (the page number's bound).
    public static let journalPagesMax = 1_000_000
    /// Member numbers run from 1 to this.
    public static let memberNumberMax: Int32 = 9_999_999

    // Quantities. A cooperative's books never need more: with these, no entry, contract or
    // statement sum comes near Int64's range, and the database holds the same bounds.
    /// One line's amount, either way: 10^12 yuan.
    public static let lineAmountMax = Money(fen: 100_000_000_000_000)
    /// A loan-equity contract's principal and yearly payout, a subsidy: as one line.
    public static let contractAmountMax = lineAmountMax
    /// A lease's area: 1,000,000 mu.
    public static let areaMax = Area(hundredthsOfMu: 100_000_000)
    /// A lease's yearly rate: 100,000 yuan per mu.
    public static let leaseRatePerMuMax = Money(fen: 10_000_000)
    /// A purchase's or sale's quantity: 1,000,000 tonnes.
    public static let quantityMax = Weight(grams: 1_000_000_000_000)
    /// A unit price: 100,000 yuan per kg.
    public static let unitPriceMax = UnitPrice(tenThousandthsOfYuanPerKilogram: 1_000_000_000)
}
