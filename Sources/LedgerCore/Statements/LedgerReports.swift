/// 科目余额表: opening, period debits and credits, and closing per account and member detail account.
public enum TrialBalanceStatement {
    public struct Line: Sendable, Equatable {
        public let account: AccountCode
        public let name: String
        public let member: MemberNumber?
        public let figure: AccountFigures.Figure

        public init(account: AccountCode, name: String, member: MemberNumber?, figure: AccountFigures.Figure) {
            self.account = account
            self.name = name
            self.member = member
            self.figure = figure
        }
    }

    public static func build(_ lines: [Line], coopName: String, from: Day, through: Day, language: Language) -> Statement {
        let l = language
        var totals = [Int64](repeating: 0, count: 6)
        var rows: [Statement.Row] = []
        for line in lines {
            let opening = line.figure.opening.fen
            let closing = line.figure.closing.fen
            let amounts = [max(opening, 0), max(-opening, 0), line.figure.debits.fen, line.figure.credits.fen, max(closing, 0), max(-closing, 0)]
            for (index, amount) in amounts.enumerated() { totals[index] += amount }
            let values = amounts.map { Money(fen: $0).description }
            let member = line.member.map { l.pick(" · 成员\($0)", " · member \($0)") } ?? ""
            rows.append(Statement.Row(key: line.account.rawValue + (line.member.map { ":\($0)" } ?? ""), label: "\(line.account) \(line.name)\(member)", values: values))
        }
        rows.append(Statement.Row(key: "total", label: l.pick("合计", "Total"), values: totals.map { Money(fen: $0).description }, isTotal: true))
        return Statement(
            name: "trial-balance", formCode: nil, title: l.pick("科目余额表", "Trial balance"), coopName: coopName,
            period: "\(from) – \(through)", language: l,
            columns: [l.pick("科目", "Account"), l.pick("期初借方", "Opening debit"), l.pick("期初贷方", "Opening credit"),
                      l.pick("本期借方", "Period debits"), l.pick("本期贷方", "Period credits"),
                      l.pick("期末借方", "Closing debit"), l.pick("期末贷方", "Closing credit")],
            columnKeys: ["opening_debit", "opening_credit", "debits", "credits", "closing_debit", "closing_credit"], rows: rows
        )
    }
}

/// One posting as the journal and the ledgers list it.
public struct JournalPosting: Sendable, Equatable {
    public let entry: EntryID
    public let date: Day
    public let memo: String
    public let key: String
    public let account: AccountCode
    public let accountName: String
    public let member: MemberNumber?
    public let amount: Money

    public init(entry: EntryID, date: Day, memo: String, key: String, account: AccountCode, accountName: String, member: MemberNumber?, amount: Money) {
        self.entry = entry
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
    public static func build(_ postings: [JournalPosting], coopName: String, from: Day, through: Day, language: Language) -> Statement {
        let l = language
        let rows = postings.map { posting in
            Statement.Row(label: "\(posting.date) #\(posting.entry)", values: [
                posting.memo, "\(posting.account) \(posting.accountName)", posting.member?.description ?? "",
                posting.amount.isNegative ? "" : posting.amount.description,
                posting.amount.isNegative ? Money(fen: -posting.amount.fen).description : "",
            ])
        }
        return Statement(
            name: "journal", formCode: nil, title: l.pick("序时账", "Journal"), coopName: coopName, period: "\(from) – \(through)", language: l,
            columns: [l.pick("日期 凭证", "Date, entry"), l.pick("摘要", "Memo"), l.pick("科目", "Account"), l.pick("成员", "Member"), l.pick("借方", "Debit"), l.pick("贷方", "Credit")],
            columnKeys: ["memo", "account", "member", "debit", "credit"], rows: rows
        )
    }
}

/// 明细账 for one account: the opening balance, each posting with the running balance, the closing.
public enum AccountLedgerStatement {
    public static func build(account: Account, opening: Money, postings: [JournalPosting], coopName: String, from: Day, through: Day, language: Language) -> Statement {
        let l = language
        var balance = opening
        var rows = [Statement.Row(key: "opening", label: l.pick("期初余额", "Opening balance"), values: ["", "", "", "", opening.description], isTotal: true)]
        for posting in postings {
            balance = Money(fen: balance.fen + posting.amount.fen)
            rows.append(Statement.Row(label: "\(posting.date) #\(posting.entry)", values: [
                posting.memo, posting.member?.description ?? "",
                posting.amount.isNegative ? "" : posting.amount.description,
                posting.amount.isNegative ? Money(fen: -posting.amount.fen).description : "", balance.description,
            ]))
        }
        rows.append(Statement.Row(key: "closing", label: l.pick("期末余额", "Closing balance"), values: ["", "", "", "", balance.description], isTotal: true))
        return Statement(
            name: "ledger", formCode: nil, title: l.pick("明细账 \(account.code) \(account.name)", "Ledger \(account.code) \(account.name)"),
            coopName: coopName, period: "\(from) – \(through)", language: l,
            columns: [l.pick("日期 凭证", "Date, entry"), l.pick("摘要", "Memo"), l.pick("成员", "Member"), l.pick("借方", "Debit"), l.pick("贷方", "Credit"), l.pick("余额（借+）", "Balance (debit +)")],
            columnKeys: ["memo", "member", "debit", "credit", "balance"], rows: rows
        )
    }
}
