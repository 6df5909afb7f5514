/// 盈余及盈余分配表 (会农社02表) for a year: from 经营收入 down to 年末未分配盈余.
public enum SurplusStatement {
    /// `profitAndLoss`: each P&L account's net (debit positive) for the year, without the
    /// year-end close. `run`: the year's posted distribution, if any.
    public static func build(profitAndLoss: [AccountCode: Money], carriedIn: Money, run: Distribution?, coopName: String, year: Int, language: Language) -> Statement {
        let l = language
        func income(_ code: AccountCode) -> Money { Money(fen: -(profitAndLoss[code]?.fen ?? 0)) }
        func expense(_ code: AccountCode) -> Money { profitAndLoss[code] ?? .zero }
        var rows: [Statement.Row] = []
        func add(_ key: String, _ zh: String, _ en: String, _ line: Int, _ amount: Money, total: Bool = false, indent: Int = 1) {
            rows.append(Statement.Row(key: key, label: l.pick(zh, en), line: line, values: [amount.description], isTotal: total, indent: indent))
        }
        let operatingRevenue = income("501")
        let investmentIncome = income("511")
        let operatingExpenses = expense("521")
        let taxes = expense("522")
        let administrative = expense("523")
        let financial = expense("524")
        let operatingResult = Money(fen: operatingRevenue.fen + investmentIncome.fen - operatingExpenses.fen - taxes.fen - administrative.fen - financial.fen)
        let otherIncome = income("502")
        let otherExpenses = expense("529")
        let beforeTax = Money(fen: operatingResult.fen + otherIncome.fen - otherExpenses.fen)
        let incomeTax = expense("531")
        let surplus = Money(fen: beforeTax.fen - incomeTax.fen)
        let available = Money(fen: surplus.fen + carriedIn.fen)
        let reserve = run?.reserve ?? .zero
        let refunds = run?.patronageDistributed ?? .zero
        let residual = run?.capitalDistributed ?? .zero
        let closing = Money(fen: available.fen - reserve.fen - refunds.fen - residual.fen)

        add("operating_revenue", "一、经营收入", "1. Operating revenue", 1, operatingRevenue, indent: 0)
        add("investment_income", "加：投资收益", "Add: investment income", 2, investmentIncome)
        add("operating_expenses", "减：经营支出", "Less: operating expenses", 3, operatingExpenses)
        add("taxes_and_surcharges", "税金及附加", "Taxes and surcharges", 4, taxes, indent: 2)
        add("administrative_expenses", "管理费用", "Administrative expenses", 5, administrative, indent: 2)
        add("financial_expenses", "财务费用", "Financial expenses", 6, financial, indent: 2)
        add("operating_result", "二、经营收益", "2. Operating result", 7, operatingResult, total: true, indent: 0)
        add("other_income", "加：其他收入", "Add: other income", 8, otherIncome)
        add("other_expenses", "减：其他支出", "Less: other expenses", 9, otherExpenses)
        add("surplus_before_tax", "三、盈余总额", "3. Surplus before income tax", 10, beforeTax, total: true, indent: 0)
        add("income_tax", "减：所得税费用", "Less: income tax", 11, incomeTax)
        add("surplus", "四、本年盈余", "4. Surplus of the year", 12, surplus, total: true, indent: 0)
        add("carried_in", "加：年初未分配盈余", "Add: undistributed surplus carried in", 13, carriedIn)
        add("other_transfers_in", "其他转入", "Other transfers in", 14, .zero, indent: 2)
        add("distributable", "五、可分配盈余", "5. Surplus available for distribution", 15, available, total: true, indent: 0)
        add("reserve", "减：提取盈余公积", "Less: statutory surplus reserve", 16, reserve)
        add("patronage_refunds", "盈余返还", "Patronage refunds", 17, refunds, indent: 2)
        add("residual_distribution", "剩余盈余分配", "Residual surplus distributed", 18, residual, indent: 2)
        add("undistributed_at_year_end", "六、年末未分配盈余", "6. Undistributed surplus at year end", 19, closing, total: true, indent: 0)

        var notes: [String] = []
        if run == nil { notes.append(l.pick("本年盈余尚未分配（未过账分配方案）", "the year's distribution is not posted yet")) }
        return Statement(
            name: "surplus", formCode: "会农社02表", title: l.pick("盈余及盈余分配表", "Surplus and distribution statement"),
            coopName: coopName, period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [l.pick("项目", "Item"), l.pick("本年金额", "This year")], columnKeys: ["amount"], rows: rows, notes: notes
        )
    }
}
