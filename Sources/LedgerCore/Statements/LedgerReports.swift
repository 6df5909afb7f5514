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

    public static func build(_ lines: [Line], coopName: String, from: Day, through: Day, language: Language) throws(LedgerError) -> Statement {
        let l = language
        var totals = [Money](repeating: .zero, count: 6)
        var rows: [Statement.Row] = []
        func amounts(_ figure: AccountFigures.Figure) throws(LedgerError) -> [Money] {
            let closing = try figure.checkedClosing()
            return [max(figure.opening, .zero), max(try figure.opening.negated(), .zero), figure.debits, figure.credits,
                    max(closing, .zero), max(try closing.negated(), .zero)]
        }
        func add(_ values: [Money], to sums: inout [Money]) throws(LedgerError) {
            for (index, amount) in values.enumerated() { sums[index] = try sums[index].adding(amount, field: "total") }
        }
        var index = lines.startIndex
        while index < lines.endIndex {
            let account = lines[index].account
            let end = lines[index...].firstIndex { $0.account != account } ?? lines.endIndex
            var subtotal = [Money](repeating: .zero, count: 6)
            for line in lines[index..<end] {
                let values = try amounts(line.figure)
                try add(values, to: &totals)
                try add(values, to: &subtotal)
                let member = line.member.map { l.pick(" · 成员\($0)", " · member \($0)") } ?? ""
                rows.append(Statement.Row(key: line.account.rawValue + (line.member.map { ":\($0)" } ?? ""), label: "\(line.account) \(line.name)\(member)",
                                          values: values.map(\.description), indent: line.member == nil ? 0 : 1))
            }
            // An account with member detail lines gets its subtotal after them; the
            // totals below add the lines only, never a subtotal.
            if lines[index..<end].contains(where: { $0.member != nil }) {
                rows.append(Statement.Row(key: "\(account):subtotal", label: l.pick("\(account) \(lines[index].name) 小计", "\(account) \(lines[index].name) subtotal"),
                                          values: subtotal.map(\.description), isTotal: true))
            }
            index = end
        }
        rows.append(Statement.Row(key: "total", label: l.pick("合计", "Total"), values: totals.map(\.description), isTotal: true))
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

/// 明细账 for one account (or one member's detail account): 上年结转, each posting with the
/// running balance, and after each month with postings its 本月合计 and 本年累计.
public enum AccountLedgerStatement {
    public static func build(account: Account, member: MemberNumber? = nil, opening: Money, postings: [JournalPosting],
                             coopName: String, from: Day, through: Day, language: Language) throws(LedgerError) -> Statement {
        let l = language
        func columns(debit: Money?, credit: Money?, balance: Money) -> [String] {
            ["", "", debit?.description ?? "", credit?.description ?? "", balance.description]
        }
        let openingLabel = from.month == 1 && from.day == 1 ? l.pick("上年结转", "Brought forward") : l.pick("期初余额", "Opening balance")
        var rows = [Statement.Row(key: "opening", label: openingLabel, values: columns(debit: nil, credit: nil, balance: opening), isTotal: true)]
        var balance = opening
        var month = (debits: Money.zero, credits: Money.zero)
        var year = (debits: Money.zero, credits: Money.zero)
        func closeMonth(_ day: Day) throws(LedgerError) {
            let name = day.month < 10 ? "0\(day.month)" : "\(day.month)"
            rows.append(Statement.Row(key: "month_total:\(name)", label: l.pick("\(day.month)月 本月合计", "Month \(day.month) total"),
                                      values: columns(debit: month.debits, credit: month.credits, balance: balance), isTotal: true))
            year.debits = try year.debits.adding(month.debits, field: "debits")
            year.credits = try year.credits.adding(month.credits, field: "credits")
            rows.append(Statement.Row(key: "year_to_date:\(name)", label: l.pick("\(day.month)月 本年累计", "Year to date, month \(day.month)"),
                                      values: columns(debit: year.debits, credit: year.credits, balance: balance), isTotal: true))
            month = (.zero, .zero)
        }
        for (index, posting) in postings.enumerated() {
            balance = try balance.adding(posting.amount, field: "balance")
            if posting.amount.isNegative {
                month.credits = try month.credits.adding(posting.amount.negated(), field: "credits")
            } else {
                month.debits = try month.debits.adding(posting.amount, field: "debits")
            }
            let magnitude = try posting.amount.isNegative ? posting.amount.negated() : posting.amount
            rows.append(Statement.Row(label: "\(posting.date) #\(posting.entry)", values: [
                posting.memo, posting.member?.description ?? "",
                posting.amount.isNegative ? "" : magnitude.description,
                posting.amount.isNegative ? magnitude.description : "", balance.description,
            ]))
            let next = postings.indices.contains(index + 1) ? postings[index + 1].date : nil
            if next.map({ $0.month != posting.date.month || $0.year != posting.date.year }) ?? true { try closeMonth(posting.date) }
        }
        rows.append(Statement.Row(key: "closing", label: l.pick("期末余额", "Closing balance"), values: columns(debit: nil, credit: nil, balance: balance), isTotal: true))
        let subject = "\(account.code) \(account.name)" + (member.map { l.pick(" · 成员\($0)", " · member \($0)") } ?? "")
        return Statement(
            name: "ledger", formCode: nil, title: l.pick("明细账 \(subject)", "Ledger \(subject)"),
            coopName: coopName, period: "\(from) – \(through)", language: l,
            columns: [l.pick("日期 凭证", "Date, entry"), l.pick("摘要", "Memo"), l.pick("成员", "Member"), l.pick("借方", "Debit"), l.pick("贷方", "Credit"), l.pick("余额（借+）", "Balance (debit +)")],
            columnKeys: ["memo", "member", "debit", "credit", "balance"], rows: rows
        )
    }
}
