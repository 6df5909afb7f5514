/// 科目余额表: opening, period debits and credits, and closing per account and member detail account.
public enum TrialBalanceStatement {
    public struct Line: Sendable, Equatable {
        public let account: AccountCode
        public let name: String
        public let member: MemberNumber?
        public let figure: AccountFigures.Figure
        /// For a month's trial balance: the year's debits and credits through its end (本年累计).
        public let yearToDate: Movements?

        public init(account: AccountCode, name: String, member: MemberNumber?, figure: AccountFigures.Figure, yearToDate: Movements? = nil) {
            self.account = account
            self.name = name
            self.member = member
            self.figure = figure
            self.yearToDate = yearToDate
        }
    }

    /// A month's trial balance (lines with `yearToDate`) has two more columns: 本年累计.
    ///
    /// `headings`: accounts with sub-accounts, by code, with their names. Each gets a 合计 row
    /// after its sub-accounts' rows (key `CODE:rollup`), so the trial balance shows both
    /// levels; the totals add the lines only.
    public static func build(
        _ lines: [Line], headings: [AccountCode: String] = [:], coopName: String, from: Day, through: Day,
        language: Language
    ) throws(LedgerError) -> Statement {
        let l = language
        let isMonth = lines.contains { $0.yearToDate != nil }
        let width = isMonth ? 8 : 6
        var totals = [Money](repeating: .zero, count: width)
        var rows: [Statement.Row] = []
        func amounts(_ line: Line) throws(LedgerError) -> [Money] {
            let figure = line.figure
            let closing = try figure.checkedClosing()
            let year = line.yearToDate.map { [$0.debits, $0.credits] } ?? (isMonth ? [.zero, .zero] : [])
            return [max(figure.opening, .zero), max(try figure.opening.negated(), .zero), figure.debits, figure.credits] + year
                + [max(closing, .zero), max(try closing.negated(), .zero)]
        }
        func add(_ values: [Money], to sums: inout [Money]) throws(LedgerError) {
            for (index, amount) in values.enumerated() { sums[index] = try sums[index].adding(amount, field: "total") }
        }
        var index = lines.startIndex
        while index < lines.endIndex {
            let account = lines[index].account
            let end = lines[index...].firstIndex { $0.account != account } ?? lines.endIndex
            var subtotal = [Money](repeating: .zero, count: width)
            for line in lines[index..<end] {
                let values = try amounts(line)
                try add(values, to: &totals)
                try add(values, to: &subtotal)
                let member = line.member.map { l.pick(" · 成员\($0)", " · member \($0)") } ?? ""
                rows.append(
                    Statement.Row(
                        key: line.account.rawValue + (line.member.map { ":\($0)" } ?? ""), label: "\(line.account) \(line.name)\(member)",
                        values: values.map(\.description), indent: line.member == nil ? 0 : 1))
            }
            // An account with member detail lines gets its subtotal after them; the
            // totals below add the lines only, never a subtotal.
            if lines[index..<end].contains(where: { $0.member != nil }) {
                rows.append(
                    Statement.Row(
                        key: "\(account):subtotal", label: l.pick("\(account) \(lines[index].name) 小计", "\(account) \(lines[index].name) subtotal"),
                        values: subtotal.map(\.description), isTotal: true))
            }
            index = end
        }
        try addRollups(to: &rows, lines: lines, headings: headings, width: width, amounts: amounts, language: l)
        rows.append(Statement.Row(key: "total", label: l.pick("合计", "Total"), values: totals.map(\.description), isTotal: true))
        let period =
            isMonth
            ? [
                l.pick("本月借方", "Month debits"), l.pick("本月贷方", "Month credits"),
                l.pick("本年累计借方", "Year-to-date debits"), l.pick("本年累计贷方", "Year-to-date credits"),
            ]
            : [l.pick("本期借方", "Period debits"), l.pick("本期贷方", "Period credits")]
        return Statement(
            name: "trial-balance", formCode: nil, title: l.pick("科目余额表", "Trial balance"), coopName: coopName,
            period: "\(from) – \(through)", language: l,
            columns: [l.pick("科目", "Account"), l.pick("期初借方", "Opening debit"), l.pick("期初贷方", "Opening credit")] + period
                + [l.pick("期末借方", "Closing debit"), l.pick("期末贷方", "Closing credit")],
            columnKeys: ["opening_debit", "opening_credit", "debits", "credits"] + (isMonth ? ["year_debits", "year_credits"] : [])
                + ["closing_debit", "closing_credit"], rows: rows
        )
    }

    /// A heading's row sums the lines of it and its sub-accounts (codes that start with its
    /// code), placed after the last of their rows; deeper headings come first.
    static func addRollups(
        to rows: inout [Statement.Row], lines: [Line], headings: [AccountCode: String], width: Int,
        amounts: (Line) throws(LedgerError) -> [Money], language l: Language
    ) throws(LedgerError) {
        for (heading, name) in headings.sorted(by: { $0.key.rawValue.count > $1.key.rawValue.count }) {
            let under = lines.filter { $0.account.rawValue.hasPrefix(heading.rawValue) }
            guard under.contains(where: { $0.account != heading }) else { continue }
            var sum = [Money](repeating: .zero, count: width)
            for line in under {
                for (index, amount) in try amounts(line).enumerated() { sum[index] = try sum[index].adding(amount, field: "total") }
            }
            let isUnder = { (row: Statement.Row) in
                row.key.hasPrefix(heading.rawValue) && !row.key.hasPrefix("total") && row.key != "\(heading):rollup"
            }
            guard let last = rows.lastIndex(where: isUnder) else { continue }
            rows.insert(
                Statement.Row(
                    key: "\(heading):rollup", label: l.pick("\(heading) \(name) 合计", "\(heading) \(name) total"),
                    values: sum.map(\.description), isTotal: true), at: last + 1)
        }
    }
}
