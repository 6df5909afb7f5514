/// The benefit statement as a page (农户受益情况表): one row per household with each
/// channel, and the cooperative's totals; for one household, a page to hand over with a
/// line for the head of household's signature (户主签字).
public enum BenefitsStatement {
    public static func build(_ benefits: BenefitStatement, coopName: String, language l: Language) throws(LedgerError) -> Statement {
        if benefits.rows.count == 1 { return try household(benefits.rows[0], year: benefits.year, coopName: coopName, language: l) }
        var rows: [Statement.Row] = []
        for row in benefits.rows {
            let who = row.member.map { l.pick("成员", "member ") + $0.description } ?? row.household?.description ?? ""
            rows.append(
                Statement.Row(
                    key: row.member?.description ?? row.household?.description ?? "", label: "\(who) \(row.name)",
                    values: [row.village ?? "", poverty(row.poverty, l)] + (try figures(row.channels)) + [row.quantifiedShares.description]))
        }
        let totals = try benefits.totals()
        rows.append(Statement.Row(key: "totals", label: l.pick("合计", "Total"), values: ["", ""] + (try figures(totals)) + [""], isTotal: true))
        var statement = Statement(
            name: "benefits", formCode: nil, title: l.pick("农户受益情况表", "What households gained through the cooperative"), coopName: coopName,
            period: l.pick("\(benefits.year)年度", "year \(benefits.year)"), language: l,
            columns: [l.pick("农户", "Household"), l.pick("村", "Village"), l.pick("脱贫状态", "Poverty status")] + channelLabels(l)
                + [
                    l.pick("合计", "Total"), l.pick("本年已付", "Paid in the year"), l.pick("年末应付未付", "Owed at year end"),
                    l.pick("量化补助份额（不计收入）", "Quantified shares (not income)"),
                ],
            columnKeys: [
                "village", "poverty", "land_rent", "purchase_premium", "wages", "loan_equity_payout", "patronage_refund", "capital_share",
                "total", "paid", "owed", "quantified_shares",
            ],
            rows: rows,
            notes: [
                l.pick(
                    "带动农户 \(benefits.householdsReached) 户，其中脱贫户和监测户 \(benefits.poorHouseholdsReached) 户；吸纳就业 \(benefits.personsEmployed) 人。",
                    "Households reached: \(benefits.householdsReached), of which poor: \(benefits.poorHouseholdsReached); persons employed: \(benefits.personsEmployed)."
                ),
                l.pick(
                    "本年已付：本年经114、211、212、213、215、221、222付给该户的款项（收购按全款）；年末应付未付：年末上述科目仍欠该户的余额。",
                    "Paid: what the cooperative paid the household in the year through 114, 211, 212, 213, 215, 221 and 222 (a purchase at its whole price); owed: what those accounts still owe it at year end."
                ),
            ]
        )
        statement.textColumnKeys = ["village", "poverty"]
        return statement
    }

    /// One household's page, a channel a line, to hand over and sign.
    static func household(_ row: BenefitStatement.Row, year: Int, coopName: String, language l: Language) throws(LedgerError) -> Statement {
        let channels = row.channels
        let who =
            row.member.map { l.pick("成员", "Member ") + $0.description }
            ?? (row.household.map { l.pick("非成员农户 ", "Non-member household ") + $0.description } ?? "")
        let status = [row.village, poverty(row.poverty, l)].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · ")
        func line(_ key: String, _ zh: String, _ en: String, _ amount: Money, total: Bool = false) -> Statement.Row {
            Statement.Row(key: key, label: l.pick(zh, en), values: [amount.description], isTotal: total)
        }
        var statement = Statement(
            name: "benefits", formCode: nil, title: l.pick("农户受益情况", "What the household gained"), coopName: coopName,
            period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: ["\(who) \(row.name)" + (status.isEmpty ? "" : "（\(status)）"), l.pick("金额", "Amount")], columnKeys: ["amount"],
            rows: [
                line("land_rent", "土地流转费", "Land rent", channels.landRent),
                line("purchase_premium", "收购溢价（高于市场价部分）", "Purchase premium (above the market price)", channels.purchasePremium),
                line("wages", "工资", "Wages", channels.wages),
                line("loan_equity_payout", "扶贫贷款入股收益", "Loan-equity payout", channels.loanEquityPayout),
                line("patronage_refund", "盈余返还", "Patronage refund", channels.patronageRefund),
                line("capital_share", "剩余盈余分配", "Capital share", channels.capitalShare),
                line("total", "合计", "Total", try channels.total(), total: true),
                line("paid", "本年已付（经往来科目付给该户的全部款项）", "Paid in the year (all the household was paid on these accounts)", channels.paid),
                line("owed", "年末应付未付", "Owed at year end", channels.owed),
                line("quantified_shares", "量化到户的补助、捐赠份额（成员权益，不计收入）", "Quantified subsidy and donation shares (equity, not income)", row.quantifiedShares),
            ]
        )
        statement.signatureLabels = [l.pick("户主签字", "Head of household"), l.pick("经办人", "Prepared by")]
        return statement
    }

    /// The channels' column heads, in `Channels.byName`'s order.
    static func channelLabels(_ l: Language) -> [String] {
        [
            l.pick("土地流转费", "Land rent"), l.pick("收购溢价", "Purchase premium"), l.pick("工资", "Wages"),
            l.pick("扶贫贷款入股收益", "Loan-equity payout"), l.pick("盈余返还", "Patronage refund"), l.pick("剩余盈余分配", "Capital share"),
        ]
    }

    static func figures(_ channels: BenefitStatement.Channels) throws(LedgerError) -> [String] {
        try channels.figures().map(\.amount.description)
    }

    static func poverty(_ status: Poverty, _ l: Language) -> String {
        switch status {
        case .none: ""
        case .lifted: l.pick("脱贫户", "lifted")
        case .monitored: l.pick("监测户", "monitored")
        }
    }
}
