/// An entry as the journal holds it: its voucher number and people beside its content.
public struct StoredEntry: Sendable, Equatable {
    public let id: EntryID
    public let entry: JournalEntry
    public let voucher: VoucherNumber?
    public let people: EntryPeople
    /// 附单据 N 张.
    public let attachments: Int

    public init(id: EntryID, entry: JournalEntry, voucher: VoucherNumber? = nil, people: EntryPeople = .unrecorded, attachments: Int = 0) {
        self.id = id
        self.entry = entry
        self.voucher = voucher
        self.people = people
        self.attachments = attachments
    }
}
