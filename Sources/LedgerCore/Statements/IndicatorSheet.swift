/// The cooperative's yearly figures for the district's forms (指标表), each taken from a line
/// of 01 or 02, the benefit statement or the ledger, and saying which.
public enum IndicatorSheet {
    public static func build(
        balanceSheet: Statement, surplus: Statement, benefits: BenefitStatement, subsidiesReceived: Money, bankLoans: Money,
        coopName: String, year: Int, language l: Language
    ) throws(LedgerError) -> Statement {
        var rows: [Statement.Row] = []
        func add(_ key: String, _ zh: String, _ en: String, _ value: String, _ sourceZh: String, _ sourceEn: String) {
            rows.append(Statement.Row(key: key, label: l.pick(zh, en), values: [value, l.pick(sourceZh, sourceEn)]))
        }
        func line(_ statement: Statement, _ key: String) throws(LedgerError) -> String {
            let column = statement.name == "balance-sheet" ? "closing" : "amount"
            guard let amount = statement.amount(key, column: column) else {
                throw LedgerError(.invalidValue, field: "indicators", value: key, rule: "\(statement.name) has no line \(key)")
            }
            return amount.description
        }
        func lineSource(_ statement: Statement, _ key: String) -> (String, String) {
            let row = statement.rows.first { $0.key == key }
            let form = statement.formCode ?? statement.name
            let number = row?.line.map { "\($0)" } ?? ""
            return ("\(form) 第\(number)行 \(row?.label ?? key)", "\(form) line \(number) \(row?.label ?? key)")
        }
        func fromStatement(_ key: String, _ zh: String, _ en: String, _ statement: Statement, _ lineKey: String) throws(LedgerError) {
            let (sourceZh, sourceEn) = lineSource(statement, lineKey)
            add(key, zh, en, try line(statement, lineKey), sourceZh, sourceEn)
        }

        let members = benefits.rows.filter(\.isMember)
        let memberIncome = try BenefitStatement(coop: benefits.coop, year: year, rows: members).totals().total()
        add("members", "成员数（户）", "Members (households)", "\(members.count)", "成员名册：本年内任一日为成员", "member roll: a member on any day of the year")
        add("poor_members", "其中：脱贫户和监测户", "of which poor", "\(members.filter(\.poverty.isPoor).count)", "成员名册", "member roll")
        add(
            "households_reached", "带动农户数（户）", "Households reached", "\(benefits.householdsReached)", "农户受益情况表：成员及本年有交易的非成员农户",
            "benefit statement: members and the non-members dealt with")
        add("poor_households_reached", "其中：脱贫户和监测户", "of which poor", "\(benefits.poorHouseholdsReached)", "农户受益情况表", "benefit statement")
        add("persons_employed", "吸纳就业人数", "Persons employed", "\(benefits.personsEmployed)", "工资表：本年有工资的人", "payrolls: people paid wages in the year")
        try fromStatement("total_assets", "资产总额", "Total assets", balanceSheet, "total_assets")
        try fromStatement("fixed_assets_net", "固定资产净值", "Fixed assets, net", balanceSheet, "fixed_assets_net")
        try fromStatement("total_liabilities", "负债总额", "Total liabilities", balanceSheet, "total_liabilities")
        try fromStatement("total_equity", "所有者权益", "Owners' equity", balanceSheet, "total_equity")
        try fromStatement("operating_revenue", "年经营收入（不含补助、捐赠）", "Operating revenue (no subsidies or donations)", surplus, "operating_revenue")
        try fromStatement("surplus", "本年盈余", "Surplus of the year", surplus, "surplus")
        try fromStatement("distributable", "可分配盈余", "Distributable surplus", surplus, "distributable")
        try fromStatement("patronage_refunds", "盈余返还总额", "Patronage refunds", surplus, "patronage_refunds")
        try fromStatement("residual_distribution", "剩余盈余返还", "Residual surplus distributed", surplus, "residual_distribution")
        add(
            "subsidies_received", "获得财政扶持资金", "Public support received", subsidiesReceived.description,
            "311 专项基金本年国家财政直接补助贷方", "311 credits of state subsidies in the year")
        add(
            "bank_loans", "期末贷款余额", "Bank loans at year end", bankLoans.description,
            "201 短期借款及 231 长期借款（不含成员扶贫贷款入股）年末余额", "201 and 231 without members' loan equity, at year end")
        let average =
            members.isEmpty
            ? Money(fen: 0) : Money(fen: try Rounding.divide(Int128(memberIncome.fen), by: Int128(members.count), field: "member_income_average"))
        add(
            "member_income_average", "成员社内年均所得收入", "Members' average income through the cooperative", average.description,
            "农户受益情况表成员合计 \(memberIncome) ÷ 成员数，四舍五入到分", "benefit statement's members' total \(memberIncome) ÷ members, rounded to the fen")
        var statement = Statement(
            name: "indicators", formCode: nil, title: l.pick("合作社年度指标表", "Yearly indicators for the district"), coopName: coopName,
            period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [l.pick("指标", "Indicator"), l.pick("数值", "Value"), l.pick("来源", "Source")],
            columnKeys: ["value", "source"], rows: rows
        )
        statement.textColumnKeys = ["source"]
        return statement
    }
}
