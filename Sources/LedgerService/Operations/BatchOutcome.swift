import LedgerCore

/// What a yearly batch (accrue land fees, pay them, accrue payouts) did.
public struct BatchOutcome: Sendable, Equatable {
    /// Entries written now.
    public var posted: [EntryID] = []
    /// Entries that an earlier run had posted already (same key, same content).
    public var alreadyPosted = 0
    /// Contracts with nothing due for the year.
    public var nothingDue = 0

    public init() {}

    mutating func record(_ outcome: PostingOutcome) {
        switch outcome {
        case .posted(let id): posted.append(id)
        case .replayed: alreadyPosted += 1
        }
    }

    public var summary: String {
        if posted.isEmpty && alreadyPosted > 0 { return "nothing new: all \(alreadyPosted) entries were posted by an earlier run" }
        var parts = ["posted \(posted.count) entries"]
        if alreadyPosted > 0 { parts.append("\(alreadyPosted) already posted earlier") }
        if nothingDue > 0 { parts.append("\(nothingDue) with nothing due") }
        return parts.joined(separator: ", ")
    }
}
