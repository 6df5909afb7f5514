/// One staged line of an import file: a posting with its entry's key, date and memo,
/// checked field by field as it is read. Set-based checks follow in the database.
public struct JournalLine: Sendable, Equatable {
    public let line: Int
    public let key: String
    public let date: Day
    public let memo: String
    public let account: AccountCode
    public let member: MemberNumber?
    /// Debit positive, credit negative.
    public let amount: Money

    public init(line: Int, key: String, date: Day, memo: String, account: AccountCode, member: MemberNumber?, amount: Money) {
        self.line = line
        self.key = key
        self.date = date
        self.memo = memo
        self.account = account
        self.member = member
        self.amount = amount
    }
}
