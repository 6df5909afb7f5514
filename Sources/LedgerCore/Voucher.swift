/// A voucher as its preparer writes it: the entry to be, and the receipts attached.
/// Its lines are checked as a journal entry's are (two or more, balanced, bounded).
public struct VoucherContent: Sendable, Equatable {
    public let date: Day
    public let memo: String
    public let lines: [PostingLine]
    /// 附单据 N 张: the receipts clipped to the paper voucher.
    public let attachments: Int

    public static let attachmentsMax = 999

    public init(date: Day, memo: String, lines: [PostingLine], attachments: Int) throws(LedgerError) {
        guard (0...Self.attachmentsMax).contains(attachments) else {
            throw LedgerError(.invalidValue, field: "attachments", value: String(attachments), rule: "0 to \(Self.attachmentsMax) receipts")
        }
        // The entry's own checks, under the key the posted entry will carry.
        let checked = try JournalEntry(key: SystemKey.voucherDraft(0), date: date, memo: memo, lines: lines)
        self.date = checked.date
        self.memo = checked.memo
        self.lines = checked.lines
        self.attachments = attachments
    }

    /// The journal entry that posting draft `id` writes.
    public func entry(draft id: Int64) throws(LedgerError) -> JournalEntry {
        try JournalEntry(key: SystemKey.voucherDraft(id), date: date, memo: memo, lines: lines)
    }
}

/// A voucher draft (记账凭证 not yet in the journal, or posted from one).
public struct VoucherDraft: Sendable, Equatable {
    public let id: Int64
    public let content: VoucherContent
    public let preparedBy: Login
    public let approvedBy: Login?
    /// Why an approver sent it back; cleared when it is edited.
    public let returnedReason: String?
    /// The entry it was posted as, and that entry's number.
    public let posted: (entry: EntryID, voucher: VoucherNumber?)?
    /// Moves with every change to the content: an approval names the version its approver
    /// was shown, and is refused if the draft has changed since.
    public let version: Int

    public init(
        id: Int64, content: VoucherContent, preparedBy: Login, approvedBy: Login?, returnedReason: String?,
        posted: (entry: EntryID, voucher: VoucherNumber?)?, version: Int = 1
    ) {
        self.id = id
        self.version = version
        self.content = content
        self.preparedBy = preparedBy
        self.approvedBy = approvedBy
        self.returnedReason = returnedReason
        self.posted = posted
    }

    public enum Status: String, Sendable {
        case draft, returned, approved, posted
    }

    public var status: Status {
        if posted != nil { return .posted }
        if approvedBy != nil { return .approved }
        return returnedReason == nil ? .draft : .returned
    }

    public static func == (lhs: VoucherDraft, rhs: VoucherDraft) -> Bool {
        lhs.id == rhs.id && lhs.version == rhs.version && lhs.content == rhs.content && lhs.preparedBy == rhs.preparedBy && lhs.approvedBy == rhs.approvedBy
            && lhs.returnedReason == rhs.returnedReason && lhs.posted?.entry == rhs.posted?.entry && lhs.posted?.voucher == rhs.posted?.voucher
    }

    /// Reasons for sending a voucher back are short notes: at most this many characters.
    public static let reasonLengthMax = 500

    /// The reason, trimmed: not blank, not longer than `reasonLengthMax`.
    public static func checkedReason(_ text: String) throws(LedgerError) -> String {
        let reason = text.trimmingWhitespace
        guard !reason.isEmpty, reason.count <= reasonLengthMax else {
            throw LedgerError(.invalidValue, field: "reason", rule: "say why it goes back, in 1 to \(reasonLengthMax) characters")
        }
        return reason
    }
}
