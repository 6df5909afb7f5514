import LedgerCore
import LedgerService

extension MemberAccount {
    public func rendered(as format: OutputFormat, showID: Bool) -> String {
        format == .json ? json(showID: showID).rendered : text(showID: showID)
    }

    public func json(showID: Bool) -> JSONValue {
        .object([
            ("member", .integer(Int64(member.number.value))),
            ("name", .string(member.name)),
            ("id_number", .optional(showID ? member.idNumber : member.maskedIDNumber)),
            ("poor_household", .bool(member.isPoorHousehold)),
            ("year", .integer(Int64(year))),
            (
                "capital",
                .object([
                    ("poverty_alleviation_assets", .string(capitalFromPovertyAlleviationAssets.description)),
                    ("other", .string(capitalOther.description)),
                ])
            ),
            ("reserve_share", .string(reserveShare.description)),
            ("subsidy_share", .string(subsidyShare.description)),
            ("donation_share", .string(donationShare.description)),
            ("opening", Self.json(opening)),
            ("closing", Self.json(closing)),
            (
                "transactions",
                .array(
                    products.map { dealing in
                        .object([
                            ("product", .string(dealing.product)),
                            ("direction", .string(dealing.direction.rawValue)),
                            ("quantity_kg", .string(dealing.quantity.description)),
                            ("market_value", .string(dealing.marketValue.description)),
                            ("amount", .string(dealing.amount.description)),
                            ("premium", .string(dealing.premium.description)),
                        ])
                    })
            ),
            (
                "lines",
                .array(
                    lines.map { line in
                        .object([
                            ("date", .string(line.date.description)),
                            ("entry", .integer(line.entry.value)),
                            ("memo", .string(line.memo)),
                            ("capital", .string(line.capital.description)),
                            ("reserve_share", .string(line.reserveShare.description)),
                            ("subsidy_share", .string(line.subsidyShare.description)),
                            ("donation_share", .string(line.donationShare.description)),
                            ("product", .optional(line.product)),
                            ("direction", .optional(line.direction?.rawValue)),
                            ("quantity_kg", .optional(line.quantity?.description)),
                            ("amount", .string(line.amount.description)),
                            ("patronage_refund", .string(line.patronageRefund.description)),
                            ("residual_distribution", .string(line.residualDistribution.description)),
                        ])
                    })
            ),
            ("land_fees", .object([("accrued", .string(landFeesAccrued.description)), ("paid", .string(landFeesPaid.description))])),
            (
                "loan_equity",
                .array(
                    loanEquity.map { line in
                        .object([
                            ("contract", .integer(line.contractID)),
                            ("principal", .string(line.contract.principal.description)),
                            ("treatment", .string(line.contract.treatment.rawValue)),
                            ("starts_on", .string(line.contract.startsOn.description)),
                            ("years", .integer(Int64(line.contract.years))),
                            ("yearly_payout", .string(line.contract.yearlyPayout.description)),
                            ("repaid_on", .optional(line.repaidOn?.description)),
                            ("payouts_accrued", .string(line.payoutsAccrued.description)),
                        ])
                    })
            ),
            ("patronage_refund", .string(patronageRefund.description)),
            ("residual_distribution", .string(residualDistribution.description)),
            ("current_account_114", .string(currentAccountBalance.description)),
            ("distribution", distributionJSON),
        ])
    }

    private static func json(_ balances: Balances) -> JSONValue {
        .object([
            ("capital_poverty_alleviation_assets", .string(balances.capitalFromPovertyAlleviationAssets.description)),
            ("capital_other", .string(balances.capitalOther.description)),
            ("reserve_share", .string(balances.reserveShare.description)),
            ("subsidy_share", .string(balances.subsidyShare.description)),
            ("donation_share", .string(balances.donationShare.description)),
        ])
    }

    private var distributionJSON: JSONValue {
        guard let distribution else { return .null }
        let share = distributionShare
        return .object([
            ("run", .optional(distributionRun)),
            ("posted", .bool(distributionRun != nil)),
            ("patronage_pool", .string(distribution.patronagePool.description)),
            ("total_patronage_weight", .string(distribution.totalPatronageWeight.description)),
            ("patronage_weight", .string((share?.patronageWeight ?? .zero).description)),
            ("patronage_refund", .string((share?.patronageRefund ?? .zero).description)),
            ("capital_pool", .string(distribution.capitalPool.description)),
            ("total_capital_weight", .string(distribution.totalCapitalWeight.description)),
            ("capital_weight", .string((share?.capitalWeight ?? .zero).description)),
            ("capital_distribution", .string((share?.capitalDistribution ?? .zero).description)),
            ("reserve", .string(distribution.reserve.description)),
            ("reserve_share", .string((share?.reserveShare ?? .zero).description)),
        ])
    }

    /// The arithmetic of the member's shares, to check with a calculator.
    private var distributionText: [String] {
        guard let distribution else { return [] }
        let share = distributionShare
        let status = distributionRun.map { "posted as run \($0)" } ?? "preview, not posted"
        func line(_ label: String, pool: Money, weight: Money?, total: Money, result: Money?, isSplit: Bool) -> String {
            guard isSplit else { return "\(label): pool \(pool) not split (no member has a weight)" }
            return "\(label): \(pool) × \(weight ?? .zero) / \(total) = \(result ?? .zero)"
        }
        return [
            "",
            "盈余分配 distribution \(year) (\(status)): surplus \(distribution.surplus), distributable \(distribution.distributable)",
            line(
                "  按交易量返还 patronage refund", pool: distribution.patronagePool, weight: share?.patronageWeight, total: distribution.totalPatronageWeight,
                result: share?.patronageRefund, isSplit: distribution.isPatronagePoolDistributed),
            line(
                "  按出资额分配 residual by capital", pool: distribution.capitalPool, weight: share?.capitalWeight, total: distribution.totalCapitalWeight,
                result: share?.capitalDistribution, isSplit: distribution.isCapitalPoolDistributed),
            "  (shares are rounded down to the fen; leftover fen go to the largest remainders, then the lower member number)",
        ]
    }

    public func text(showID: Bool) -> String {
        var out = ["成员账户 member account · member \(member.number) \(member.name) · \(year) · 元 yuan"]
        let id = (showID ? member.idNumber : member.maskedIDNumber) ?? "—"
        out.append("ID \(id) · " + (member.isPoorHousehold ? "建档立卡贫困户 registered poor household" : "not a registered poor household"))
        out.append("")
        var figures = TextTable([.init("item"), .init("年初 opening", .right), .init("年末 closing", .right)])
        func add(_ label: String, _ figure: KeyPath<Balances, Money>) {
            figures.append([label, opening[keyPath: figure].description, closing[keyPath: figure].description])
        }
        add("出资 capital: poverty-alleviation assets", \.capitalFromPovertyAlleviationAssets)
        add("出资 capital: other", \.capitalOther)
        add("公积金份额 reserve share", \.reserveShare)
        add("财政补助量化份额 subsidy share", \.subsidyShare)
        add("捐赠量化份额 donation share", \.donationShare)
        figures.append(["土地流转费 land fees accrued", "", landFeesAccrued.description])
        figures.append(["土地流转费 land fees paid", "", landFeesPaid.description])
        figures.append(["盈余返还 patronage refund", "", patronageRefund.description])
        figures.append(["剩余盈余 residual distribution", "", residualDistribution.description])
        figures.append(["成员往来 114 balance (+ owes, − owed)", "", currentAccountBalance.description])
        out.append(figures.rendered)
        out.append("")
        if products.isEmpty {
            out.append("交易 transactions with the cooperative: none in \(year)")
        } else {
            var table = TextTable([.init("交易 product"), .init("kg", .right), .init("market value", .right), .init("amount", .right), .init("premium", .right)])
            for dealing in products {
                let label = (dealing.direction == .sale ? "销售 sold " : "收购 bought ") + dealing.product
                table.append([
                    label, dealing.quantity.description, dealing.direction == .sale ? "" : dealing.marketValue.description,
                    dealing.amount.description, dealing.direction == .sale ? "" : dealing.premium.description,
                ])
            }
            out.append(table.rendered)
        }
        if !loanEquity.isEmpty {
            out.append("")
            var table = TextTable([
                .init("扶贫贷款入股 contract", .right), .init("principal", .right), .init("treatment"), .init("term"), .init("yearly", .right),
                .init("accrued \(year)", .right), .init("repaid"),
            ])
            for line in loanEquity {
                let term = "\(line.contract.startsOn) +\(line.contract.years)y"
                table.append([
                    String(line.contractID), line.contract.principal.description, line.contract.treatment.rawValue, term,
                    line.contract.yearlyPayout.description, line.payoutsAccrued.description, line.repaidOn?.description ?? "",
                ])
            }
            out.append(table.rendered)
        }
        if !self.lines.isEmpty {
            out.append("")
            var table = TextTable([
                .init("日期 date"), .init("凭证 entry", .right), .init("出资 capital", .right), .init("公积金 reserve", .right),
                .init("补助 subsidy", .right), .init("捐赠 donation", .right), .init("交易 dealing"), .init("kg", .right),
                .init("交易额 amount", .right), .init("返还 refund", .right), .init("剩余 residual", .right),
            ])
            for line in self.lines {
                let dealing = line.product.map { (line.direction == .sale ? "销售 " : "收购 ") + $0 } ?? ""
                table.append([
                    line.date.description, line.entry.description, line.capital.description, line.reserveShare.description,
                    line.subsidyShare.description, line.donationShare.description, dealing, line.quantity?.description ?? "",
                    line.amount.description, line.patronageRefund.description, line.residualDistribution.description,
                ])
            }
            out.append(table.rendered)
        }
        out += distributionText
        return out.joined(separator: "\n")
    }
}
