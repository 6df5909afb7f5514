/// 明细账 for one account (or one member's detail account): 上年结转, each posting with the
/// running balance, and after each month with postings its 本月合计 and 本年累计.
public enum AccountLedgerStatement {
    /// `earlierThisYear`: the year's debits and credits before `from` (a month's ledger), so
    /// its 本年累计 counts the whole year.
    public static func build(
        account: Account, member: MemberNumber? = nil, opening: Money,
        earlierThisYear: Movements = .zero, postings: [JournalPosting],
        coopName: String, from: Day, through: Day, language: Language
    ) throws(LedgerError) -> Statement {
        let l = language
        func columns(debit: Money?, credit: Money?, balance: Money) -> [String] {
            ["", "", debit?.description ?? "", credit?.description ?? "", balance.description]
        }
        let openingLabel = from.month == 1 && from.day == 1 ? l.pick("上年结转", "Brought forward") : l.pick("期初余额", "Opening balance")
        var rows = [Statement.Row(key: "opening", label: openingLabel, values: columns(debit: nil, credit: nil, balance: opening), isTotal: true)]
        var balance = opening
        var month = (debits: Money.zero, credits: Money.zero)
        var year = (debits: earlierThisYear.debits, credits: earlierThisYear.credits)
        func closeMonth(_ day: Day) throws(LedgerError) {
            let name = day.month < 10 ? "0\(day.month)" : "\(day.month)"
            rows.append(
                Statement.Row(
                    key: "month_total:\(name)", label: l.pick("\(day.month)月 本月合计", "Month \(day.month) total"),
                    values: columns(debit: month.debits, credit: month.credits, balance: balance), isTotal: true))
            year.debits = try year.debits.adding(month.debits, field: "debits")
            year.credits = try year.credits.adding(month.credits, field: "credits")
            rows.append(
                Statement.Row(
                    key: "year_to_date:\(name)", label: l.pick("\(day.month)月 本年累计", "Year to date, month \(day.month)"),
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
            rows.append(
                Statement.Row(
                    label: "\(posting.date) \(posting.voucher?.description ?? "#\(posting.entry)")",
                    values: [
                        posting.memo, posting.member?.description ?? "",
                        posting.amount.isNegative ? "" : magnitude.description,
                        posting.amount.isNegative ? magnitude.description : "", balance.description,
                    ]))
            let next = postings.indices.contains(index + 1) ? postings[index + 1].date : nil
            if next.map({ $0.month != posting.date.month || $0.year != posting.date.year }) ?? true { try closeMonth(posting.date) }
        }
        rows.append(
            Statement.Row(key: "closing", label: l.pick("期末余额", "Closing balance"), values: columns(debit: nil, credit: nil, balance: balance), isTotal: true))
        let subject = "\(account.code) \(account.name)" + (member.map { l.pick(" · 成员\($0)", " · member \($0)") } ?? "")
        var statement = Statement(
            name: "ledger", formCode: nil, title: l.pick("明细账 \(subject)", "Ledger \(subject)"),
            coopName: coopName, period: "\(from) – \(through)", language: l,
            columns: [
                l.pick("日期 凭证", "Date, entry"), l.pick("摘要", "Memo"), l.pick("成员", "Member"), l.pick("借方", "Debit"), l.pick("贷方", "Credit"),
                l.pick("余额（借+）", "Balance (debit +)"),
            ],
            columnKeys: ["memo", "member", "debit", "credit", "balance"], rows: rows
        )
        statement.textColumnKeys = ["memo"]
        return statement
    }
}
