/// An entry as the journal holds it.
public struct StoredEntry: Sendable, Equatable {
    public let id: EntryID
    public let entry: JournalEntry

    public init(id: EntryID, entry: JournalEntry) {
        self.id = id
        self.entry = entry
    }
}
