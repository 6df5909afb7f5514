/// One posting as the journal and the ledgers list it.
public struct JournalPosting: Sendable, Equatable {
    public let entry: EntryID
    /// Nil only for a database whose entries predate numbering and were never migrated.
    public let voucher: VoucherNumber?
    public let date: Day
    public let memo: String
    public let key: String
    public let account: AccountCode
    public let accountName: String
    public let member: MemberNumber?
    public let amount: Money

    public init(
        entry: EntryID, voucher: VoucherNumber?, date: Day, memo: String, key: String, account: AccountCode, accountName: String,
        member: MemberNumber?, amount: Money
    ) {
        self.entry = entry
        self.voucher = voucher
        self.date = date
        self.memo = memo
        self.key = key
        self.account = account
        self.accountName = accountName
        self.member = member
        self.amount = amount
    }
}

/// 序时账: every posting of the period, entry by entry.
public enum JournalStatement {
    /// `page`: which page of the period's entries `postings` are, when it is paged.
    public static func build(_ postings: [JournalPosting], coopName: String, from: Day, through: Day, language: Language, page: Statement.Page? = nil)
        -> Statement
    {
        let l = language
        let rows = postings.map { posting in
            Statement.Row(
                label: posting.date.description,
                values: [
                    posting.voucher?.description ?? "", posting.entry.description, posting.memo, "\(posting.account) \(posting.accountName)",
                    posting.member?.description ?? "",
                    posting.amount.isNegative ? "" : posting.amount.description,
                    posting.amount.isNegative ? Money(fen: -posting.amount.fen).description : "",
                ])
        }
        var statement = Statement(
            name: "journal", formCode: nil, title: l.pick("序时账", "Journal"), coopName: coopName,
            period: "\(from) – \(through)" + (page.map { l.pick(" 第 \($0.number)/\($0.count) 页", ", page \($0.number) of \($0.count)") } ?? ""), language: l,
            columns: [
                l.pick("日期", "Date"), l.pick("凭证号", "Voucher"), l.pick("分录", "Entry"), l.pick("摘要", "Memo"), l.pick("科目", "Account"), l.pick("成员", "Member"),
                l.pick("借方", "Debit"), l.pick("贷方", "Credit"),
            ],
            columnKeys: ["voucher", "entry", "memo", "account", "member", "debit", "credit"], rows: rows
        )
        statement.textColumnKeys = ["memo", "account"]
        statement.page = page
        return statement
    }
}
