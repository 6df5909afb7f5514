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
