/// 资产负债表 (会农社01表) at a day, with the line items of the 2022 system.
public enum BalanceSheet {
    public static func build(_ figures: AccountFigures, coopName: String, asOf: Day, language: Language) -> Statement {
        let l = language
        func debit(_ codes: [AccountCode]) -> Money { figures.closing(codes) }
        func credit(_ codes: [AccountCode]) -> Money { Money(fen: -figures.closing(codes).fen) }
        var rows: [Statement.Row] = []
        func add(_ key: String, _ zh: String, _ en: String, _ line: Int?, _ amount: Money, total: Bool = false, indent: Int = 1) {
            rows.append(Statement.Row(key: key, label: l.pick(zh, en), line: line, values: [amount.description], isTotal: total, indent: indent))
        }
        func heading(_ zh: String, _ en: String) {
            rows.append(Statement.Row(label: l.pick(zh, en), values: [""]))
        }

        // Assets (debit balances).
        let monetary = debit(["101", "102", "109"])
        let receivables = Money(fen: debit(["113"]).fen + figures.memberReceivables.fen)
        let inventories = debit(["121", "124", "125", "127", "128", "401"])
        let consumable = debit(["141"])
        let currentAssets = Money(fen: monetary.fen + receivables.fen + inventories.fen + consumable.fen)
        let investments = debit(["131"])
        let productiveGross = debit(["142"])
        let productiveDepreciation = credit(["143"])
        let productiveNet = Money(fen: productiveGross.fen - productiveDepreciation.fen)
        let publicWelfare = debit(["144"])
        let fixedGross = debit(["151"])
        let fixedDepreciation = credit(["152"])
        let fixedNet = Money(fen: fixedGross.fen - fixedDepreciation.fen)
        let construction = debit(["153"])
        let disposal = debit(["154"])
        let intangible = debit(["161", "162"])
        let deferred = debit(["171"])
        let pending = debit(["181"])
        let nonCurrentAssets = Money(fen: investments.fen + productiveNet.fen + publicWelfare.fen + fixedNet.fen + construction.fen
                                     + disposal.fen + intangible.fen + deferred.fen + pending.fen)
        let totalAssets = Money(fen: currentAssets.fen + nonCurrentAssets.fen)

        heading("流动资产：", "Current assets:")
        add("monetary_funds", "货币资金", "Monetary funds", 1, monetary)
        add("receivables", "应收款项", "Receivables", 2, receivables)
        add("inventories", "存货", "Inventories", 3, inventories)
        add("consumable_biological_assets", "消耗性生物资产", "Consumable biological assets", 4, consumable)
        add("current_assets", "流动资产合计", "Total current assets", 5, currentAssets, total: true, indent: 0)
        heading("非流动资产：", "Non-current assets:")
        add("external_investments", "对外投资", "External investments", 6, investments)
        add("productive_biological_assets_cost", "生产性生物资产原值", "Productive biological assets, cost", 7, productiveGross)
        add("productive_biological_assets_depreciation", "减：生产性生物资产累计折旧", "Less: accumulated depreciation", 8, productiveDepreciation, indent: 2)
        add("productive_biological_assets_net", "生产性生物资产净值", "Productive biological assets, net", 9, productiveNet)
        add("public_welfare_biological_assets", "公益性生物资产", "Public-welfare biological assets", 10, publicWelfare)
        add("fixed_assets_cost", "固定资产原值", "Fixed assets, cost", 11, fixedGross)
        add("fixed_assets_depreciation", "减：累计折旧", "Less: accumulated depreciation", 12, fixedDepreciation, indent: 2)
        add("fixed_assets_net", "固定资产净值", "Fixed assets, net", 13, fixedNet)
        add("construction_in_progress", "在建工程", "Construction in progress", 14, construction)
        add("fixed_assets_disposal", "固定资产清理", "Fixed assets in disposal", 15, disposal)
        add("intangible_assets", "无形资产", "Intangible assets", 16, intangible)
        add("long_term_deferred_expenses", "长期待摊费用", "Long-term deferred expenses", 17, deferred)
        add("property_losses_pending", "待处理财产损溢", "Property losses pending", 18, pending)
        add("non_current_assets", "非流动资产合计", "Total non-current assets", 19, nonCurrentAssets, total: true, indent: 0)
        add("total_assets", "资产总计", "Total assets", 20, totalAssets, total: true, indent: 0)

        // Liabilities and owners' equity (credit balances).
        let payables = Money(fen: credit(["211"]).fen + figures.memberPayables.fen)
        let currentLiabilityLines: [(String, String, String, Money)] = [
            ("short_term_borrowings", "短期借款", "Short-term borrowings", credit(["201"])),
            ("payables", "应付款项", "Payables", payables),
            ("wages_payable", "应付工资", "Wages payable", credit(["212"])),
            ("labour_fees_payable", "应付劳务费", "Labour fees payable", credit(["213"])),
            ("taxes_payable", "应交税费", "Taxes payable", credit(["214"])),
            ("interest_payable", "应付利息", "Interest payable", credit(["215"])),
            ("patronage_refunds_payable", "应付盈余返还", "Patronage refunds payable", credit(["221"])),
            ("residual_surplus_payable", "应付剩余盈余", "Residual surplus payable", credit(["222"])),
        ]
        let currentLiabilities = Money(fen: currentLiabilityLines.reduce(0) { $0 + $1.3.fen })
        let longTerm = credit(["231"])
        let special = credit(["235"])
        let nonCurrentLiabilities = Money(fen: longTerm.fen + special.fen)
        let totalLiabilities = Money(fen: currentLiabilities.fen + nonCurrentLiabilities.fen)
        // The year's profit and loss not yet closed into 331 belongs to 未分配盈余.
        let undistributed = Money(fen: credit(["331", "33201", "33202"]).fen - figures.unclosedProfitAndLoss.fen)
        let equityLines: [(String, String, String, Money)] = [
            ("share_capital", "股金", "Share capital", credit(["301"])),
            ("special_funds", "专项基金", "Special funds", credit(["311"])),
            ("capital_reserve", "资本公积", "Capital reserve", credit(["321"])),
            ("surplus_reserve", "盈余公积", "Surplus reserve", credit(["322"])),
            ("undistributed_surplus", "未分配盈余", "Undistributed surplus", undistributed),
        ]
        let totalEquity = Money(fen: equityLines.reduce(0) { $0 + $1.3.fen })

        heading("流动负债：", "Current liabilities:")
        var line = 21
        for (key, zh, en, amount) in currentLiabilityLines {
            add(key, zh, en, line, amount)
            line += 1
        }
        add("current_liabilities", "流动负债合计", "Total current liabilities", line, currentLiabilities, total: true, indent: 0)
        heading("非流动负债：", "Non-current liabilities:")
        add("long_term_borrowings", "长期借款", "Long-term borrowings", line + 1, longTerm)
        add("special_payables", "专项应付款", "Special payables", line + 2, special)
        add("non_current_liabilities", "非流动负债合计", "Total non-current liabilities", line + 3, nonCurrentLiabilities, total: true, indent: 0)
        add("total_liabilities", "负债合计", "Total liabilities", line + 4, totalLiabilities, total: true, indent: 0)
        heading("所有者权益：", "Owners' equity:")
        line += 5
        for (key, zh, en, amount) in equityLines {
            add(key, zh, en, line, amount)
            line += 1
        }
        add("total_equity", "所有者权益合计", "Total owners' equity", line, totalEquity, total: true, indent: 0)
        add("total_liabilities_and_equity", "负债和所有者权益总计", "Total liabilities and owners' equity", line + 1,
            Money(fen: totalLiabilities.fen + totalEquity.fen), total: true, indent: 0)

        return Statement(
            name: "balance-sheet", formCode: "会农社01表", title: l.pick("资产负债表", "Balance sheet"), coopName: coopName,
            period: l.pick("\(asOf)", "as of \(asOf)"), language: l,
            columns: [l.pick("项目", "Item"), l.pick("期末余额", "Closing balance")], columnKeys: ["closing"], rows: rows
        )
    }
}
