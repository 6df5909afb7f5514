/// 资产负债表 (会农社01表) at a day, with the line items of the 2022 system, in two
/// columns: 年初数 (before 1 January of the day's year) and 年末数 (at the day).
///
/// 行次: the 2022 form's own line numbers could not be checked against the published
/// form (only the 2008 edition's, whose lines differ, was at hand), so the lines are
/// numbered consecutively in the order the 2022 form lists them: assets 1–20, then
/// liabilities and owners' equity from 21.
public enum BalanceSheet {
    /// One line of the form: its key, labels, 行次, and whether it is a total.
    struct Line {
        let key: String
        let zh: String
        let en: String
        let number: Int?
        let amount: Money
        let isTotal: Bool
        let indent: Int
    }

    /// Stock lines that cannot hold less than nothing.
    static let assetStockKeys: Set<String> = ["inventories", "consumable_biological_assets"]

    /// The key of the last row on the left-hand (资产) side of the printed form.
    public static let lastAssetKey = "total_assets"

    public static func build(_ figures: AccountFigures, coopName: String, asOf: Day, language: Language) throws(LedgerError) -> Statement {
        let l = language
        let opening = try lines(figures.snapshot(.opening))
        let closing = try lines(figures.snapshot(.closing))
        var rows: [Statement.Row] = []
        for (start, end) in zip(opening, closing) {
            rows.append(
                Statement.Row(
                    key: start.key, label: l.pick(start.zh, start.en), line: start.number,
                    values: start.number == nil ? ["", ""] : [start.amount.description, end.amount.description],
                    isTotal: start.isTotal, indent: start.indent))
        }
        var statement = Statement(
            name: "balance-sheet", formCode: "会农社01表", title: l.pick("资产负债表", "Balance sheet"), coopName: coopName,
            period: l.pick("\(asOf)", "as of \(asOf)"), language: l,
            columns: [l.pick("项目", "Item"), l.pick("年初数", "Start of year"), l.pick("年末数", "End of year")],
            columnKeys: ["opening", "closing"], rows: rows
        )
        statement.facingSplit = rows.firstIndex { $0.key == lastAssetKey }.map { $0 + 1 }
        // An asset line below zero is shown as it is, with a warning: more was carried out of
        // stock (a cost of sales, 521/141) than the books ever put in.
        for line in closing where line.number != nil && line.amount.isNegative && assetStockKeys.contains(line.key) {
            statement.notes.append(
                l.pick(
                    "注意：\(line.zh)年末为负数（\(line.amount)），结转出库的成本多于入库，请核对",
                    "warning: \(line.en.lowercased()) is negative at the end (\(line.amount)): more cost was carried out than in"))
        }
        return statement
    }

    /// The form's lines from one set of balances (年初 or 年末).
    static func lines(_ balances: AccountFigures.Snapshot) throws(LedgerError) -> [Line] {
        var lines: [Line] = []
        func add(_ key: String, _ zh: String, _ en: String, _ amount: Money, total: Bool = false, indent: Int = 1) {
            lines.append(Line(key: key, zh: zh, en: en, number: lines.filter { $0.number != nil }.count + 1, amount: amount, isTotal: total, indent: indent))
        }
        func heading(_ zh: String, _ en: String) {
            lines.append(Line(key: "", zh: zh, en: en, number: nil, amount: .zero, isTotal: false, indent: 0))
        }
        func debit(_ codes: [AccountCode]) throws(LedgerError) -> Money { try balances.net(codes) }
        func credit(_ codes: [AccountCode]) throws(LedgerError) -> Money { try balances.net(codes).negated() }
        func sum(_ amounts: [Money], _ field: String) throws(LedgerError) -> Money { try Money.sum(amounts, field: field) }

        // Assets (debit balances).
        let monetary = try debit(["101", "102", "109"])
        let receivables = try debit(["113"]).adding(balances.memberReceivables, field: "receivables")
        let inventories = try debit(["121", "124", "125", "127", "128", "401"])
        let consumable = try debit(["141"])
        let currentAssets = try sum([monetary, receivables, inventories, consumable], "current assets")
        let investments = try debit(["131"])
        let productiveGross = try debit(["142"])
        let productiveDepreciation = try credit(["143"])
        let productiveNet = try productiveGross.adding(productiveDepreciation.negated(), field: "productive biological assets")
        let publicWelfare = try debit(["144"])
        let fixedGross = try debit(["151"])
        let fixedDepreciation = try credit(["152"])
        let fixedNet = try fixedGross.adding(fixedDepreciation.negated(), field: "fixed assets")
        let construction = try debit(["153"])
        let disposal = try debit(["154"])
        let intangible = try debit(["161", "162"])
        let deferred = try debit(["171"])
        let pending = try debit(["181"])
        let nonCurrentAssets = try sum(
            [investments, productiveNet, publicWelfare, fixedNet, construction, disposal, intangible, deferred, pending], "non-current assets")
        let totalAssets = try currentAssets.adding(nonCurrentAssets, field: "total assets")

        heading("流动资产：", "Current assets:")
        add("monetary_funds", "货币资金", "Monetary funds", monetary)
        add("receivables", "应收款项", "Receivables", receivables)
        add("inventories", "存货", "Inventories", inventories)
        add("consumable_biological_assets", "消耗性生物资产", "Consumable biological assets", consumable)
        add("current_assets", "流动资产合计", "Total current assets", currentAssets, total: true, indent: 0)
        heading("非流动资产：", "Non-current assets:")
        add("external_investments", "对外投资", "External investments", investments)
        add("productive_biological_assets_cost", "生产性生物资产原值", "Productive biological assets, cost", productiveGross)
        add("productive_biological_assets_depreciation", "减：生产性生物资产累计折旧", "Less: accumulated depreciation", productiveDepreciation, indent: 2)
        add("productive_biological_assets_net", "生产性生物资产净值", "Productive biological assets, net", productiveNet)
        add("public_welfare_biological_assets", "公益性生物资产", "Public-welfare biological assets", publicWelfare)
        add("fixed_assets_cost", "固定资产原值", "Fixed assets, cost", fixedGross)
        add("fixed_assets_depreciation", "减：累计折旧", "Less: accumulated depreciation", fixedDepreciation, indent: 2)
        add("fixed_assets_net", "固定资产净值", "Fixed assets, net", fixedNet)
        add("construction_in_progress", "在建工程", "Construction in progress", construction)
        add("fixed_assets_disposal", "固定资产清理", "Fixed assets in disposal", disposal)
        add("intangible_assets", "无形资产", "Intangible assets", intangible)
        add("long_term_deferred_expenses", "长期待摊费用", "Long-term deferred expenses", deferred)
        add("property_losses_pending", "待处理财产损溢", "Property losses pending", pending)
        add("non_current_assets", "非流动资产合计", "Total non-current assets", nonCurrentAssets, total: true, indent: 0)
        add(lastAssetKey, "资产总计", "Total assets", totalAssets, total: true, indent: 0)

        // Liabilities and owners' equity (credit balances).
        let payables = try credit(["211"]).adding(balances.memberPayables, field: "payables")
        let currentLiabilityLines: [(String, String, String, Money)] = [
            ("short_term_borrowings", "短期借款", "Short-term borrowings", try credit(["201"])),
            ("payables", "应付款项", "Payables", payables),
            ("wages_payable", "应付工资", "Wages payable", try credit(["212"])),
            ("labour_fees_payable", "应付劳务费", "Labour fees payable", try credit(["213"])),
            ("taxes_payable", "应交税费", "Taxes payable", try credit(["214"])),
            ("interest_payable", "应付利息", "Interest payable", try credit(["215"])),
            ("patronage_refunds_payable", "应付盈余返还", "Patronage refunds payable", try credit(["221"])),
            ("residual_surplus_payable", "应付剩余盈余", "Residual surplus payable", try credit(["222"])),
        ]
        let currentLiabilities = try sum(currentLiabilityLines.map { $0.3 }, "current liabilities")
        let longTerm = try credit(["231"])
        let special = try credit(["235"])
        let nonCurrentLiabilities = try longTerm.adding(special, field: "non-current liabilities")
        let totalLiabilities = try currentLiabilities.adding(nonCurrentLiabilities, field: "total liabilities")
        // The P&L not yet closed into 331 belongs to 未分配盈余. 311 and 322 hold members'
        // quantified shares as member lines: they roll up into the one line each.
        let undistributed = try credit(["331", "33201", "33202"]).adding(balances.unclosedProfitAndLoss.negated(), field: "undistributed surplus")
        let equityLines: [(String, String, String, Money)] = [
            ("share_capital", "股金", "Share capital", try credit(["301"])),
            ("special_funds", "专项基金", "Special funds", try credit(["311"])),
            ("capital_reserve", "资本公积", "Capital reserve", try credit(["321"])),
            ("surplus_reserve", "盈余公积", "Surplus reserve", try credit(["322"])),
            ("undistributed_surplus", "未分配盈余", "Undistributed surplus", undistributed),
        ]
        let totalEquity = try sum(equityLines.map { $0.3 }, "total equity")

        heading("流动负债：", "Current liabilities:")
        for (key, zh, en, amount) in currentLiabilityLines { add(key, zh, en, amount) }
        add("current_liabilities", "流动负债合计", "Total current liabilities", currentLiabilities, total: true, indent: 0)
        heading("非流动负债：", "Non-current liabilities:")
        add("long_term_borrowings", "长期借款", "Long-term borrowings", longTerm)
        add("special_payables", "专项应付款", "Special payables", special)
        add("non_current_liabilities", "非流动负债合计", "Total non-current liabilities", nonCurrentLiabilities, total: true, indent: 0)
        add("total_liabilities", "负债合计", "Total liabilities", totalLiabilities, total: true, indent: 0)
        heading("所有者权益：", "Owners' equity:")
        for (key, zh, en, amount) in equityLines { add(key, zh, en, amount) }
        add("total_equity", "所有者权益合计", "Total owners' equity", totalEquity, total: true, indent: 0)
        add(
            "total_liabilities_and_equity", "负债和所有者权益总计", "Total liabilities and owners' equity",
            try totalLiabilities.adding(totalEquity, field: "total liabilities and equity"), total: true, indent: 0)
        return lines
    }
}
