/// 成员账户 (law art. 43; the MOF template): for one member, the year's entries in date
/// order with each column's movement between the opening row and a 年终合计 row, and a
/// line for the member's signature; for all members, one row each.
public enum MemberAccountsStatement {
    public static func build(_ accounts: [MemberAccount], coopName: String, year: Int, showID: Bool, language: Language) throws(LedgerError) -> Statement {
        if accounts.count == 1 { return try chronological(accounts[0], coopName: coopName, showID: showID, language: language) }
        let l = language
        var rows: [Statement.Row] = []
        for account in accounts {
            let purchases = account.products.filter { $0.direction == .purchase }
            let sales = account.products.filter { $0.direction == .sale }
            let principal = account.loanEquity.filter { $0.repaidOn == nil }.map(\.contract.principal)
            let id = (showID ? account.member.idNumber : account.member.maskedIDNumber) ?? ""
            rows.append(
                Statement.Row(
                    key: account.member.number.description, label: "\(account.member.number) \(account.member.name)",
                    values: [
                        id, account.capitalFromPovertyAlleviationAssets.description, account.capitalOther.description,
                        account.reserveShare.description, account.subsidyShare.description, account.donationShare.description,
                        try total(purchases.map(\.amount)), try total(purchases.map(\.premium)), try total(sales.map(\.amount)),
                        account.landFeesAccrued.description, account.landFeesPaid.description,
                        try total(principal), try total(account.loanEquity.map(\.payoutsAccrued)),
                        account.patronageRefund.description, account.residualDistribution.description, account.currentAccountBalance.description,
                    ]))
        }
        return Statement(
            name: "member-account", formCode: nil, title: l.pick("成员账户", "Member accounts"), coopName: coopName,
            period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [
                l.pick("成员", "Member"), l.pick("身份证号", "ID number"), l.pick("扶贫资产出资", "Capital: poverty assets"), l.pick("其他出资", "Capital: other"),
                l.pick("公积金份额", "Reserve share"), l.pick("财政补助量化份额", "Subsidy share"), l.pick("捐赠量化份额", "Donation share"),
                l.pick("交易额（收购）", "Bought from member"), l.pick("其中溢价", "of which premium"), l.pick("交易额（销售）", "Sold to member"),
                l.pick("土地流转费应付", "Land fees accrued"), l.pick("土地流转费已付", "Land fees paid"), l.pick("扶贫贷款入股本金", "Loan equity principal"),
                l.pick("固定收益", "Loan equity payouts"), l.pick("盈余返还", "Patronage refund"), l.pick("剩余盈余", "Residual distribution"),
                l.pick("成员往来余额", "114 balance"),
            ],
            columnKeys: [
                "id_number", "capital_poverty_alleviation_assets", "capital_other", "reserve_share", "subsidy_share", "donation_share",
                "purchases", "premium", "sales", "land_fees_accrued", "land_fees_paid", "loan_equity_principal", "loan_equity_payouts",
                "patronage_refund", "residual_distribution", "current_account_114",
            ],
            rows: rows
        )
    }

    /// One member's account as the MOF template lays it out.
    static func chronological(_ account: MemberAccount, coopName: String, showID: Bool, language l: Language) throws(LedgerError) -> Statement {
        let member = account.member
        func values(
            date: String, entry: String, capital: Money, reserve: Money, subsidy: Money, donation: Money,
            product: String, quantity: String, amount: String, refund: Money, residual: Money
        ) -> [String] {
            [
                date, entry, capital.description, reserve.description, subsidy.description, donation.description,
                product, quantity, amount, refund.description, residual.description,
            ]
        }
        let opening = account.opening
        var rows = [
            Statement.Row(
                key: "opening", label: l.pick("年初余额", "Opening balance"),
                values: values(
                    date: "", entry: "", capital: try capital(opening), reserve: opening.reserveShare, subsidy: opening.subsidyShare,
                    donation: opening.donationShare, product: "", quantity: "", amount: "", refund: .zero, residual: .zero
                ), isTotal: true)
        ]
        for line in account.lines {
            let product = line.product.map { "\(line.direction == .sale ? l.pick("销售", "sold") : l.pick("收购", "bought")) \($0)" } ?? ""
            rows.append(
                Statement.Row(
                    key: line.entry.description, label: line.memo,
                    values: values(
                        date: line.date.description, entry: line.entry.description, capital: line.capital, reserve: line.reserveShare,
                        subsidy: line.subsidyShare, donation: line.donationShare, product: product, quantity: line.quantity?.description ?? "",
                        amount: line.amount.isZero ? "" : line.amount.description, refund: line.patronageRefund, residual: line.residualDistribution
                    )))
        }
        let closing = account.closing
        let dealt = try Money.sum(account.lines.map(\.amount), field: "transactions")
        rows.append(
            Statement.Row(
                key: "year_total", label: l.pick("年终合计", "Year-end total"),
                values: values(
                    date: "", entry: "", capital: try capital(closing), reserve: closing.reserveShare, subsidy: closing.subsidyShare,
                    donation: closing.donationShare, product: "", quantity: "", amount: dealt.description,
                    refund: account.patronageRefund, residual: account.residualDistribution
                ), isTotal: true))
        let id = (showID ? member.idNumber : member.maskedIDNumber) ?? "—"
        var statement = Statement(
            name: "member-account", formCode: nil,
            title: l.pick("成员账户", "Member account") + " · \(member.number) \(member.name)", coopName: coopName,
            period: l.pick("\(account.year)年度", "year \(account.year)"), language: l,
            columns: [
                l.pick("摘要", "Memo"), l.pick("日期", "Date"), l.pick("凭证号", "Entry"), l.pick("出资额", "Capital"), l.pick("公积金份额", "Reserve share"),
                l.pick("财政补助量化份额", "Subsidy share"), l.pick("捐赠量化份额", "Donation share"), l.pick("交易产品", "Product"),
                l.pick("交易量（千克）", "Quantity (kg)"), l.pick("交易额", "Amount"), l.pick("盈余返还", "Patronage refund"),
                l.pick("剩余盈余返还", "Residual distribution"),
            ],
            columnKeys: [
                "date", "entry", "capital", "reserve_share", "subsidy_share", "donation_share", "product", "quantity_kg", "amount",
                "patronage_refund", "residual_distribution",
            ],
            rows: rows,
            notes: [
                l.pick(
                    "身份证号 \(id)；出资额中扶贫项目资产 \(closing.capitalFromPovertyAlleviationAssets)，其他 \(closing.capitalOther)",
                    "ID \(id); capital from poverty-alleviation assets \(closing.capitalFromPovertyAlleviationAssets), other \(closing.capitalOther)")
            ]
        )
        statement.textColumnKeys = ["product"]
        statement.signatureLabels = [l.pick("成员签字：", "Member's signature:"), l.pick("日期：", "Date:"), l.pick("制表人：", "Prepared by:")]
        return statement
    }

    private static func capital(_ balances: MemberAccount.Balances) throws(LedgerError) -> Money {
        try balances.capitalFromPovertyAlleviationAssets.adding(balances.capitalOther, field: "capital")
    }

    private static func total(_ amounts: [Money]) throws(LedgerError) -> String {
        try Money.sum(amounts, field: "transactions").description
    }
}
