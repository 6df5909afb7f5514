/// 成员权益变动表 (会农社03表) for a year: each equity column's opening balance, what
/// increased and decreased it, and its closing balance.
public enum EquityChanges {
    /// The columns and the accounts they hold; 未分配盈余 also holds the year's
    /// profit and loss until it is closed into 331.
    public static let columns: [(key: String, zh: String, en: String)] = [
        ("share_capital", "股金", "Share capital"),
        ("special_funds", "专项基金", "Special funds"),
        ("capital_reserve", "资本公积", "Capital reserve"),
        ("surplus_reserve", "盈余公积", "Surplus reserve"),
        ("undistributed_surplus", "未分配盈余", "Undistributed surplus"),
    ]

    /// The equity column an account belongs to, if any.
    public static func column(of account: AccountCode) -> String? {
        switch account.rawValue {
        case "301": "share_capital"
        case "311": "special_funds"
        case "321": "capital_reserve"
        case "322": "surplus_reserve"
        case "331", "33201", "33202": "undistributed_surplus"
        case let code where code.hasPrefix("5"): "undistributed_surplus"
        default: nil
        }
    }

    /// Per column (credit positive): opening, increases, decreases. Movements are
    /// counted per entry, so transfers inside a column (the year-end close) cancel out.
    public struct Movement: Sendable, Equatable {
        public var opening: Money
        public var increases: Money
        public var decreases: Money

        public init(opening: Money, increases: Money, decreases: Money) {
            self.opening = opening
            self.increases = increases
            self.decreases = decreases
        }

        public var closing: Money { Money(fen: opening.fen + increases.fen - decreases.fen) }
    }

    public static func build(_ movements: [String: Movement], coopName: String, year: Int, language: Language) -> Statement {
        let l = language
        let ordered = columns.map { movements[$0.key] ?? Movement(opening: .zero, increases: .zero, decreases: .zero) }
        func row(_ key: String, _ zh: String, _ en: String, _ line: Int, _ value: (Movement) -> Money, total: Bool = false) -> Statement.Row {
            let values = ordered.map(value)
            let sum = Money(fen: values.reduce(0) { $0 + $1.fen })
            return Statement.Row(key: key, label: l.pick(zh, en), line: line, values: (values + [sum]).map(\.description), isTotal: total)
        }
        let rows = [
            row("opening", "一、年初余额", "1. Opening balance", 1, \.opening, total: true),
            row("increases", "二、本年增加数", "2. Increases in the year", 2, \.increases),
            row("decreases", "三、本年减少数", "3. Decreases in the year", 3, \.decreases),
            row("closing", "四、年末余额", "4. Closing balance", 4, \.closing, total: true),
        ]
        return Statement(
            name: "equity-changes", formCode: "会农社03表", title: l.pick("成员权益变动表", "Statement of changes in members' equity"),
            coopName: coopName, period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [l.pick("项目", "Item")] + columns.map { l.pick($0.zh, $0.en) } + [l.pick("合计", "Total")],
            columnKeys: columns.map(\.key) + ["total"], rows: rows
        )
    }
}
