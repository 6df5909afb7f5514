/// The district's view (区农经站): tables built from each cooperative's own statements, one
/// row per cooperative, a subtotal per township and the district's total, so every figure
/// is the sum of what the cooperatives report themselves.
public enum DistrictStatements {
    public enum Name: String, Sendable, CaseIterable {
        case indicators
        case households
        case poorHouseholds = "poor-households"
        case status
    }

    /// One cooperative of the district, as the district sees it.
    public struct Cooperative: Sendable {
        public let code: CoopCode
        public let name: String
        public let township: String
        /// Its indicator sheet (`indicators`) for the year.
        public let indicators: Statement?
        /// What each household gained through it in the year (`households`, `poor-households`).
        public let benefits: BenefitStatement?
        /// Its closing state and last entry (`status`).
        public let latestClosedYear: Int?
        public let latestClosedMonth: CalendarMonth?
        public let lastEntry: Day?

        public init(
            code: CoopCode, name: String, township: String, indicators: Statement? = nil, benefits: BenefitStatement? = nil,
            latestClosedYear: Int? = nil, latestClosedMonth: CalendarMonth? = nil, lastEntry: Day? = nil
        ) {
            self.benefits = benefits
            self.code = code
            self.name = name
            self.township = township
            self.indicators = indicators
            self.latestClosedYear = latestClosedYear
            self.latestClosedMonth = latestClosedMonth
            self.lastEntry = lastEntry
        }
    }

    /// The indicators the district adds up: counts of households and people, and money.
    /// The members' average income is shown per cooperative only (an average does not add).
    static let summed = [
        "members", "poor_members", "households_reached", "poor_households_reached", "persons_employed",
        "total_assets", "fixed_assets_net", "total_liabilities", "total_equity", "operating_revenue",
        "surplus", "distributable", "patronage_refunds", "residual_distribution", "subsidies_received", "bank_loans",
    ]
    static let perCooperative = ["member_income_average"]

    public static func indicators(_ district: District, year: Int, township: String?, cooperatives: [Cooperative], language: Language) throws(LedgerError)
        -> Statement
    {
        let l = language
        let keys = summed + perCooperative
        let labels: [String] = keys.map { key in
            cooperatives.lazy.compactMap { $0.indicators?.rows.first { $0.key == key }?.label }.first ?? key
        }
        var rows: [Statement.Row] = []
        var districtTotal = Totals()
        for (town, members) in grouped(cooperatives) {
            var townTotal = Totals()
            for coop in members {
                let values = try keys.map { key throws(LedgerError) -> String in
                    guard let text = coop.indicators?.rows.first(where: { $0.key == key })?.values.first else { return "" }
                    if summed.contains(key) {
                        try townTotal.add(key, text)
                        try districtTotal.add(key, text)
                    }
                    return text
                }
                rows.append(Statement.Row(key: coop.code.rawValue, label: "\(coop.name) (\(coop.code))", values: values, indent: 1))
            }
            rows.append(
                Statement.Row(key: "township:\(town)", label: l.pick("\(town) 小计", "\(town), subtotal"), values: townTotal.values(for: keys), isTotal: true))
        }
        rows.append(
            Statement.Row(
                key: "district", label: l.pick("\(district.name) 合计", "\(district.name), total"), values: districtTotal.values(for: keys), isTotal: true))
        return Statement(
            name: "district-indicators", formCode: nil, title: l.pick("合作社年度指标汇总表", "Cooperatives' yearly indicators"),
            coopName: heading(district, township), period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [l.pick("合作社", "Cooperative")] + labels, columnKeys: keys, rows: rows)
    }

    public static func status(_ district: District, township: String?, cooperatives: [Cooperative], language: Language) -> Statement {
        let l = language
        var rows: [Statement.Row] = []
        for (town, members) in grouped(cooperatives) {
            rows.append(Statement.Row(key: "township:\(town)", label: town, values: ["", "", ""], isTotal: true))
            for coop in members {
                rows.append(
                    Statement.Row(
                        key: coop.code.rawValue, label: "\(coop.name) (\(coop.code))",
                        values: [
                            coop.latestClosedYear.map(String.init) ?? "", coop.latestClosedMonth?.description ?? "", coop.lastEntry?.description ?? "",
                        ], indent: 1))
            }
        }
        var statement = Statement(
            name: "district-status", formCode: nil, title: l.pick("合作社结账情况表", "Cooperatives' closing status"),
            coopName: heading(district, township), period: "", language: l,
            columns: [
                l.pick("合作社", "Cooperative"), l.pick("最近结账年度", "Latest closed year"),
                l.pick("本年最近结账月份", "Latest closed month this year"), l.pick("最后记账日期", "Last entry"),
            ],
            columnKeys: ["closed_year", "closed_month", "last_entry"], rows: rows)
        statement.textColumnKeys = ["closed_year", "closed_month"]
        return statement
    }

    static func heading(_ district: District, _ township: String?) -> String {
        township.map { "\(district.name) · \($0)" } ?? district.name
    }

    /// By township, in the order given (the repository sorts by township, then code).
    static func grouped(_ cooperatives: [Cooperative]) -> [(String, [Cooperative])] {
        var groups: [(String, [Cooperative])] = []
        for coop in cooperatives {
            if groups.last?.0 == coop.township { groups[groups.count - 1].1.append(coop) } else { groups.append((coop.township, [coop])) }
        }
        return groups
    }

    /// Sums of counts and of money, exact; overflow is an error, never a wrap.
    struct Totals {
        var counts: [String: Int64] = [:]
        var money: [String: Money] = [:]

        mutating func add(_ key: String, _ text: String) throws(LedgerError) {
            if text.contains(".") {
                money[key] = try (money[key] ?? Money(fen: 0)).adding(try Money(parsing: text, field: key), field: key)
            } else if let count = Int64(text) {
                let (sum, overflow) = (counts[key] ?? 0).addingReportingOverflow(count)
                guard !overflow else { throw LedgerError(.amountOverflow, field: key, rule: "the district's total is too large") }
                counts[key] = sum
            }
        }

        func values(for keys: [String]) -> [String] {
            keys.map { key in money[key]?.description ?? counts[key].map(String.init) ?? "" }
        }
    }
}
