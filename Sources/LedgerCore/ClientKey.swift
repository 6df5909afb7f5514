/// The idempotency key a client gives a write (post, import line, purchase, sale, subsidy,
/// cost, capital, reversal). The ledger keys its own entries (runs, lease fees, contracts)
/// under reserved prefixes that no client key may take: a client could otherwise pre-empt
/// a system entry and so block the lease accrual or the run.
public struct ClientKey: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The prefixes of the ledger's own keys; the import's set-based check is generated
    /// from the same list (`reservedPattern`).
    public static let reservedPrefixes = ["dividend:", "lease:", "loan-equity:", "voucher:", "opening:", "account:", "asset:"]

    public let rawValue: String

    public init(_ text: String, field: String = "key") throws(LedgerError) {
        try JournalEntry.checkKey(text, field: field)
        if let prefix = Self.reservedPrefixes.first(where: { text.hasPrefix($0) }) {
            throw LedgerError(.invalidValue, field: field, value: text, rule: "keys starting \(prefix) are the ledger's own")
        }
        rawValue = text
    }

    /// For keys written in code (the sample cooperative, tests): a bad one is a programming error.
    public init(stringLiteral text: String) {
        do { try self.init(text) } catch { preconditionFailure("\(error)") }
    }

    public var description: String { rawValue }

    /// A POSIX regular expression matching the reserved keys, e.g. `^(dividend|lease|loan-equity):`.
    public static var reservedPattern: String {
        "^(" + reservedPrefixes.map { String($0.dropLast()) }.joined(separator: "|") + "):"
    }

    /// The reserved prefixes as a sentence, for messages.
    public static var reservedList: String { reservedPrefixes.joined(separator: ", ") }
}
