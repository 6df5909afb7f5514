/// 成员权益变动表 (会农社03表) for a year: each equity column's opening balance, what
/// increased and decreased it (by the form's 其中 lines), and its closing balance.
public enum EquityChanges {
    /// The columns and the accounts they hold; 未分配盈余 also holds the P&L not yet
    /// closed into 331.
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

    /// The form's 其中 lines. An increase line's amount is the credits it brought, a
    /// decrease line's the debits; a reversal, carrying its original's kind with the
    /// amounts negated, lands on the same line and nets it out.
    public enum Line: String, Sendable, CaseIterable {
        case memberContributions = "member_contributions"
        case stateSubsidies = "state_subsidies"
        case donations
        case reserveDrawn = "reserve_drawn"
        case surplusOfTheYear = "surplus_of_the_year"
        case otherIncreases = "other_increases"
        case memberWithdrawals = "member_withdrawals"
        case reserveAppropriated = "reserve_appropriated"
        case patronageRefunds = "patronage_refunds"
        case residualDistribution = "residual_distribution"
        case reserveIntoCapital = "reserve_into_capital"
        case lossCovered = "loss_covered"
        case otherDecreases = "other_decreases"

        public var isIncrease: Bool {
            switch self {
            case .memberContributions, .stateSubsidies, .donations, .reserveDrawn, .surplusOfTheYear, .otherIncreases: true
            default: false
            }
        }

        var labels: (zh: String, en: String) {
            switch self {
            case .memberContributions: ("成员增加出资", "Members' contributions")
            case .stateSubsidies: ("国家财政直接补助", "State subsidies")
            case .donations: ("接受捐赠", "Donations received")
            case .reserveDrawn: ("从盈余中提取", "Drawn from surplus")
            case .surplusOfTheYear: ("本年盈余", "Surplus of the year")
            case .otherIncreases: ("其他", "Other")
            case .memberWithdrawals: ("成员减少出资/退社", "Contributions returned, members leaving")
            case .reserveAppropriated: ("提取盈余公积", "Surplus reserve drawn")
            case .patronageRefunds: ("盈余返还", "Patronage refunds")
            case .residualDistribution: ("剩余盈余分配", "Residual surplus distributed")
            case .reserveIntoCapital: ("转增股金", "Reserve converted into capital")
            case .lossCovered: ("弥补亏损", "Losses covered")
            case .otherDecreases: ("其他", "Other")
            }
        }
    }

    /// Opening balances and the year's movements, per column (credit positive).
    public struct Movements: Sendable, Equatable {
        public var opening: [String: Money] = [:]
        /// Per line and column: credits for an increase line, debits for a decrease line.
        public var amounts: [Line: [String: Money]] = [:]
        /// S: the year's P&L net (credit positive), the year-end close left out.
        public var surplus = Money.zero

        public init() {}

        public mutating func addOpening(account: AccountCode, net: Money) throws(LedgerError) {
            guard let column = EquityChanges.column(of: account) else { return }
            opening[column] = try (opening[column] ?? .zero).adding(net.negated(), field: "opening \(column)")
        }

        /// One entry's postings (net, debit positive, per account; P&L postings only if
        /// they close the year). Each equity column's net goes to one line.
        public mutating func add(entryKind kind: EntryKind?, accounts: [AccountCode: Money]) throws(LedgerError) {
            var credits: [String: Money] = [:]
            for (account, net) in accounts {
                guard let column = EquityChanges.column(of: account) else { continue }
                credits[column] = try (credits[column] ?? .zero).adding(net.negated(), field: column)
            }
            for (column, credit) in credits where !credit.isZero {
                let line = EquityChanges.line(column: column, kind: kind, credit: credit, accounts: accounts)
                try record(line, column: column, credit: credit)
            }
        }

        mutating func record(_ line: Line, column: String, credit: Money) throws(LedgerError) {
            let amount = try line.isIncrease ? credit : credit.negated()
            amounts[line, default: [:]][column] = try (amounts[line]?[column] ?? .zero).adding(amount, field: "\(line.rawValue) \(column)")
        }

        public func amount(_ line: Line, column: String) -> Money { amounts[line]?[column] ?? .zero }

        /// The year's lines, with S on 本年盈余: a loss is a negative 本年盈余, as the form has
        /// it, not a decrease of a line of its own.
        func withSurplus() throws(LedgerError) -> Movements {
            var result = self
            try result.record(.surplusOfTheYear, column: "undistributed_surplus", credit: surplus)
            return result
        }
    }

    /// Which line an entry's net credit to a column goes to: by the entry's kind, then by
    /// its counter-accounts (a 322 debit against 301 is 转增股金, against 33202 弥补亏损),
    /// then by sign on 其他.
    static func line(column: String, kind: EntryKind?, credit: Money, accounts: [AccountCode: Money]) -> Line {
        func opposes(_ code: AccountCode) -> Bool {
            guard let net = accounts[code], !net.isZero else { return false }
            return net.isNegative == credit.isNegative // net is debit positive, credit is credit positive
        }
        let other: Line = credit.isNegative ? .otherDecreases : .otherIncreases
        if kind == .memberWithdrawal { return .memberWithdrawals }
        switch column {
        case "share_capital":
            switch kind {
            case .capitalContribution, .distributionPayment, .loanEquityReceived, .reserveConversion: return .memberContributions
            case .loanEquityRepaid: return .memberWithdrawals
            // 301 always names a member: any other credit is still a member's capital.
            default: return credit.isNegative ? .memberWithdrawals : .memberContributions
            }
        case "special_funds":
            return kind == .subsidy ? .stateSubsidies : kind == .donation ? .donations : other
        case "surplus_reserve":
            // The year's credits to 322 brought in by a mid-year opening: the reserve is
            // credited from the surplus (the run), and nothing tells them apart.
            if kind == .surplusDistribution || (kind == .openingYearToDate && !credit.isNegative) { return .reserveDrawn }
            if kind == .reserveConversion || opposes("301") { return .reserveIntoCapital }
            if opposes("33202") { return .lossCovered }
            return other
        case "undistributed_surplus":
            guard kind == .surplusDistribution else { return other }
            if opposes("322") { return .reserveAppropriated }
            if accounts.keys.contains(where: { $0.rawValue == "221" }) { return .patronageRefunds }
            if accounts.keys.contains(where: { $0.rawValue == "222" }) { return .residualDistribution }
            return other
        default:
            return other
        }
    }

    public static func build(_ movements: Movements, coopName: String, year: Int, language: Language) throws(LedgerError) -> Statement {
        let l = language
        let all = try movements.withSurplus()
        var rows: [Statement.Row] = []
        func row(_ key: String, _ zh: String, _ en: String, _ values: [Money], total: Bool = false, indent: Int = 0) throws(LedgerError) {
            let sum = try Money.sum(values, field: key)
            // 行次 as the form numbers its lines: every row, 1 to the closing balance.
            rows.append(
                Statement.Row(
                    key: key, label: l.pick(zh, en), line: rows.count + 1, values: (values + [sum]).map(\.description), isTotal: total, indent: indent))
        }
        func section(_ lines: [Line]) throws(LedgerError) -> [Money] {
            var sums: [Money] = []
            for column in columns { sums.append(try Money.sum(lines.map { all.amount($0, column: column.key) }, field: column.key)) }
            return sums
        }
        let opening = columns.map { all.opening[$0.key] ?? .zero }
        let increaseLines = Line.allCases.filter(\.isIncrease)
        let decreaseLines = Line.allCases.filter { !$0.isIncrease }
        let increases = try section(increaseLines)
        let decreases = try section(decreaseLines)
        var closing: [Money] = []
        for index in columns.indices {
            closing.append(try opening[index].adding(increases[index], field: "closing").adding(decreases[index].negated(), field: "closing"))
        }
        try row("opening", "一、年初余额", "1. Opening balance", opening, total: true)
        try row("increases", "二、本年增加数", "2. Increases in the year", increases, total: true)
        func detail(_ lines: [Line]) throws(LedgerError) {
            for (index, line) in lines.enumerated() {
                let zh = (index == 0 ? "其中：" : "") + line.labels.zh
                let en = (index == 0 ? "of which: " : "") + line.labels.en
                try row(line.rawValue, zh, en, columns.map { all.amount(line, column: $0.key) }, indent: index == 0 ? 1 : 2)
            }
        }
        try detail(increaseLines)
        try row("decreases", "三、本年减少数", "3. Decreases in the year", decreases, total: true)
        try detail(decreaseLines)
        try row("closing", "四、年末余额", "4. Closing balance", closing, total: true)
        return Statement(
            name: "equity-changes", formCode: "会农社03表", title: l.pick("成员权益变动表", "Statement of changes in members' equity"),
            coopName: coopName, period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [l.pick("项目", "Item")] + columns.map { l.pick($0.zh, $0.en) } + [l.pick("合计", "Total")],
            columnKeys: columns.map(\.key) + ["total"], rows: rows,
            notes: [
                l.pick(
                    "本年盈余为本年损益净额（不含年终结转），亏损年度以负数列示",
                    "the surplus of the year is the year's P&L net of the year-end close; a loss shows as a negative surplus")
            ]
        )
    }
}
