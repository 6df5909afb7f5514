/// 盈余及盈余分配表 (会农社02表) for a year: from 经营收入 down to 年末未分配盈余.
///
/// 行次: numbered consecutively in the order printed here (the 2022 form's own numbers
/// could not be checked). The distribution part follows the law (art. 44): the reserve is
/// drawn first, so 可分配盈余 is the run's D = S + L − R; a note says so, since the printed
/// form lists 可分配盈余 before 提取盈余公积.
public enum SurplusStatement {
    /// The distribution figures of the year, from the posted run and the journal.
    public struct Distributed: Sendable, Equatable {
        public var reserve: Money
        public var patronageRefunds: Money
        public var residualDistribution: Money
        /// The part of the refunds and residual converted into members' capital.
        public var convertedIntoCapital: Money
        /// The run's D, to check against.
        public var distributable: Money

        public init(reserve: Money, patronageRefunds: Money, residualDistribution: Money, convertedIntoCapital: Money, distributable: Money) {
            self.reserve = reserve
            self.patronageRefunds = patronageRefunds
            self.residualDistribution = residualDistribution
            self.convertedIntoCapital = convertedIntoCapital
            self.distributable = distributable
        }

        public init(_ run: Distribution, convertedIntoCapital: Money) {
            self.init(
                reserve: run.reserve, patronageRefunds: run.patronageDistributed, residualDistribution: run.capitalDistributed,
                convertedIntoCapital: convertedIntoCapital, distributable: run.distributable)
        }
    }

    /// `profitAndLoss`: each P&L account's net (debit positive) for the year, without the
    /// year-end close. `otherTransfersIn`: credits to 332 未分配盈余 in the year other than
    /// the close and the run (a loss covered from reserve). `run`: the posted run, if any.
    public static func build(
        profitAndLoss: [AccountCode: Money], carriedIn: Money, otherTransfersIn: Money = .zero, run: Distributed?,
        coopName: String, year: Int, language: Language
    ) throws(LedgerError) -> Statement {
        let l = language
        func income(_ code: AccountCode) throws(LedgerError) -> Money { try (profitAndLoss[code] ?? .zero).negated() }
        func expense(_ code: AccountCode) -> Money { profitAndLoss[code] ?? .zero }
        func less(_ amounts: Money...) throws(LedgerError) -> Money {
            var result = amounts[0]
            for amount in amounts.dropFirst() { result = try result.adding(amount.negated(), field: "surplus statement") }
            return result
        }
        var rows: [Statement.Row] = []
        func add(_ key: String, _ zh: String, _ en: String, _ amount: Money, total: Bool = false, indent: Int = 1) {
            rows.append(Statement.Row(key: key, label: l.pick(zh, en), line: rows.count + 1, values: [amount.description], isTotal: total, indent: indent))
        }
        let operatingRevenue = try income("501")
        let investmentIncome = try income("511")
        let operatingExpenses = expense("521")
        let taxes = expense("522")
        let administrative = expense("523")
        let financial = expense("524")
        let operatingResult = try less(
            operatingRevenue.adding(investmentIncome, field: "operating result"), operatingExpenses, taxes, administrative, financial)
        let otherIncome = try income("502")
        let otherExpenses = expense("529")
        let beforeTax = try less(operatingResult.adding(otherIncome, field: "surplus before tax"), otherExpenses)
        let incomeTax = expense("531")
        let surplus = try less(beforeTax, incomeTax)
        let reserve = run?.reserve ?? .zero
        let distributable = try less(Money.sum([surplus, carriedIn, otherTransfersIn], field: "distributable surplus"), reserve)
        let refunds = run?.patronageRefunds ?? .zero
        let residual = run?.residualDistribution ?? .zero
        let closing = try less(distributable, refunds, residual)

        add("operating_revenue", "一、经营收入", "1. Operating revenue", operatingRevenue, indent: 0)
        add("investment_income", "加：投资收益", "Add: investment income", investmentIncome)
        add("operating_expenses", "减：经营支出", "Less: operating expenses", operatingExpenses)
        add("taxes_and_surcharges", "税金及附加", "Taxes and surcharges", taxes, indent: 2)
        add("administrative_expenses", "管理费用", "Administrative expenses", administrative, indent: 2)
        add("financial_expenses", "财务费用", "Financial expenses", financial, indent: 2)
        add("operating_result", "二、经营收益", "2. Operating result", operatingResult, total: true, indent: 0)
        add("other_income", "加：其他收入", "Add: other income", otherIncome)
        add("other_expenses", "减：其他支出", "Less: other expenses", otherExpenses)
        add("surplus_before_tax", "三、盈余总额", "3. Surplus before income tax", beforeTax, total: true, indent: 0)
        add("income_tax", "减：所得税费用", "Less: income tax", incomeTax)
        add("surplus", "四、本年盈余", "4. Surplus of the year", surplus, total: true, indent: 0)
        add("carried_in", "加：年初未分配盈余", "Add: undistributed surplus carried in", carriedIn)
        add("other_transfers_in", "其他转入", "Other transfers in", otherTransfersIn, indent: 2)
        add("reserve", "减：提取盈余公积", "Less: statutory surplus reserve", reserve)
        add("distributable", "五、可分配盈余", "5. Surplus available for distribution", distributable, total: true, indent: 0)
        add("patronage_refunds", "减：盈余返还", "Less: patronage refunds", refunds)
        add("residual_distribution", "剩余盈余分配", "Residual surplus distributed", residual, indent: 2)
        add("converted_into_capital", "其中：转为成员出资", "of which: converted into members' capital", run?.convertedIntoCapital ?? .zero, indent: 3)
        add("undistributed_at_year_end", "六、年末未分配盈余", "6. Undistributed surplus at year end", closing, total: true, indent: 0)

        var notes = [
            l.pick(
                "可分配盈余按《农民专业合作社法》第四十四条为弥补亏损、提取公积金后的余额（D = 本年盈余 + 年初未分配盈余 − 提取盈余公积）；印制表样将可分配盈余列在提取盈余公积之前，本表以法定口径列示",
                "surplus available for distribution is the law's figure (art. 44), after covering losses and drawing the reserve (D = S + L − R); the printed form lists it before the reserve"
            ), l.pick("转为成员出资已包含在盈余返还与剩余盈余分配之中，不重复扣减", "converted into capital is part of the refunds and residual above and is not subtracted again"),
        ]
        if run == nil { notes.append(l.pick("本年盈余尚未分配（未过账分配方案）", "the year's distribution is not posted yet")) }
        if let run, run.distributable != distributable {
            notes.append(
                l.pick(
                    "其他转入 \(otherTransfersIn) 不在分配方案的可分配盈余 \(run.distributable) 之内",
                    "other transfers in (\(otherTransfersIn)) are not in the run's distributable surplus \(run.distributable)"))
        }
        return Statement(
            name: "surplus", formCode: "会农社02表", title: l.pick("盈余及盈余分配表", "Surplus and distribution statement"),
            coopName: coopName, period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [l.pick("项目", "Item"), l.pick("本年金额", "This year")], columnKeys: ["amount"], rows: rows, notes: notes
        )
    }
}
