/// The asset register as statements (so every format renders them): the register as it
/// stands, one asset's history, and a year's schedule (固定资产及生产性生物资产变动表).
public enum AssetStatements {
    /// 资产登记簿: each asset's cost, accumulated depreciation and net value as it stands.
    public static func register(_ records: [AssetRecord], coopName: String, language: Language) -> Statement {
        let l = language
        let rows = records.map { record in
            let asset = record.asset
            let left = record.left()
            return Statement.Row(
                key: "A\(record.number)", label: "A\(record.number)",
                values: [
                    l.pick(asset.assetClass.label, asset.assetClass.rawValue), asset.name, asset.acquiredOn.description, String(asset.lifeMonths),
                    String(record.monthsDepreciated), String(left.heads), left.cost.description, left.depreciation.description, left.net.description,
                    left.isGone
                        ? l.pick("已处置", "disposed of")
                        : record.monthsDepreciated >= asset.lifeMonths ? l.pick("已提足", "fully depreciated") : l.pick("在用", "in use"),
                ])
        }
        var statement = Statement(
            name: "assets", formCode: nil, title: l.pick("资产登记簿", "Asset register"), coopName: coopName, period: "", language: l,
            columns: [
                l.pick("编号", "No."), l.pick("类别", "Class"), l.pick("名称", "Name"), l.pick("取得日期", "Acquired"), l.pick("使用月数", "Life (months)"),
                l.pick("已提月数", "Months depreciated"), l.pick("头数", "Heads"), l.pick("原值", "Cost"), l.pick("累计折旧", "Accumulated depreciation"),
                l.pick("净值", "Net value"), l.pick("状态", "Status"),
            ],
            columnKeys: ["class", "name", "acquired", "life_months", "months_depreciated", "heads", "cost", "depreciation", "net", "status"], rows: rows
        )
        statement.textColumnKeys = ["name", "class", "status"]
        return statement
    }

    /// One asset's card (固定资产卡片): its acquisition, each month's depreciation and each disposal.
    public static func card(_ record: AssetRecord, coopName: String, language: Language) -> Statement {
        let l = language
        let asset = record.asset
        var rows = [
            Statement.Row(
                key: "acquired", label: asset.acquiredOn.description,
                values: [
                    l.pick("取得（\(asset.source.rawValue)）", "acquired (\(asset.source.rawValue))"), String(asset.headCount), asset.cost.description, "", "",
                ])
        ]
        var accumulated: Int64 = asset.broughtIn?.depreciation.fen ?? 0
        if let broughtIn = asset.broughtIn {
            rows.append(
                Statement.Row(
                    key: "brought_in", label: broughtIn.on.description,
                    values: [
                        l.pick("期初转入：已提 \(broughtIn.months) 个月", "brought in by the opening: \(broughtIn.months) months depreciated"), "", "",
                        broughtIn.depreciation.description, broughtIn.depreciation.description,
                    ]))
        }
        var events: [(Day, Int, Statement.Row)] = []
        for (month, amount) in record.depreciation {
            accumulated += amount.fen
            events.append(
                (
                    month.lastDay, 0,
                    Statement.Row(
                        key: "depreciation:\(month)", label: month.lastDay.description,
                        values: [
                            l.pick("\(month) 折旧", "depreciation \(month)"), "", "", amount.description, Money(fen: accumulated).description,
                        ])
                ))
        }
        for disposal in record.disposals {
            events.append(
                (
                    disposal.date, 1,
                    Statement.Row(
                        key: "disposal:\(disposal.number)", label: disposal.date.description,
                        values: [
                            l.pick(
                                "处置：\(disposal.reason.label)，收入 \(disposal.proceeds)", "disposed of: \(disposal.reason.rawValue), proceeds \(disposal.proceeds)"
                            ),
                            "-\(disposal.headCount)", "-\(disposal.costRemoved)", "-\(disposal.depreciationRemoved)", "",
                        ])
                ))
        }
        rows += events.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        let left = record.left()
        rows.append(
            Statement.Row(
                key: "left", label: l.pick("现存", "Left"),
                values: [
                    l.pick("净值 \(left.net)，残值 \(left.salvage)", "net \(left.net), salvage \(left.salvage)"), String(left.heads), left.cost.description,
                    left.depreciation.description, "",
                ], isTotal: true))
        var statement = Statement(
            name: "asset", formCode: nil, title: l.pick("资产卡片", "Asset card") + " A\(record.number) \(asset.name)", coopName: coopName,
            period: l.pick(
                "\(asset.assetClass.label)，使用 \(asset.lifeMonths) 个月，折旧计入 \(asset.expenseAccount)",
                "\(asset.assetClass.rawValue), \(asset.lifeMonths) months, depreciation to \(asset.expenseAccount)"), language: l,
            columns: [
                l.pick("日期", "Date"), l.pick("事项", "Event"), l.pick("头数", "Heads"), l.pick("原值", "Cost"), l.pick("折旧", "Depreciation"),
                l.pick("累计折旧", "Accumulated"),
            ],
            columnKeys: ["event", "heads", "cost", "depreciation", "accumulated"], rows: rows
        )
        statement.textColumnKeys = ["event"]
        return statement
    }

    /// The year's movements per asset and class: opening, additions, depreciation, disposals
    /// and closing, of cost and of accumulated depreciation. Its closing per class is what
    /// 01 shows on 151/152 and 142/143 when every posting to them came from the register
    /// (`differences` names where they do not).
    public static func schedule(_ records: [AssetRecord], year: Int, ledger: [AccountCode: Money], coopName: String, language: Language) throws(LedgerError)
        -> Statement
    {
        let l = language
        let yearEnd = try Day.lastDay(ofYear: year)
        let lastYearEnd = try Day.lastDay(ofYear: year - 1)
        var rows: [Statement.Row] = []
        var notes: [String] = []
        for assetClass in AssetClass.allCases {
            var totals = [Int64](repeating: 0, count: 9)
            for record in records where record.asset.assetClass == assetClass && record.asset.acquiredOn <= yearEnd {
                let asset = record.asset
                let opening = asset.acquiredOn <= lastYearEnd ? record.left(through: lastYearEnd) : nil
                let closing = record.left(through: yearEnd)
                let additions = asset.acquiredOn > lastYearEnd ? asset.cost.fen : 0
                let depreciation = record.depreciation.filter { $0.month.year == year }.reduce(0) { $0 + $1.amount.fen }
                let disposed = record.disposals.filter { $0.date.year == year }
                let values: [Int64] = [
                    opening?.cost.fen ?? 0, opening?.depreciation.fen ?? 0, additions, depreciation,
                    disposed.reduce(0) { $0 + $1.costRemoved.fen }, disposed.reduce(0) { $0 + $1.depreciationRemoved.fen },
                    closing.cost.fen, closing.depreciation.fen, closing.net.fen,
                ]
                // Nothing to show for an asset gone before the year.
                guard values.contains(where: { $0 != 0 }) else { continue }
                for index in values.indices { totals[index] += values[index] }
                rows.append(
                    Statement.Row(
                        key: "A\(record.number)", label: "A\(record.number) \(asset.name)", values: values.map { Money(fen: $0).description }, indent: 1))
            }
            rows.append(
                Statement.Row(
                    key: assetClass.rawValue, label: l.pick("\(assetClass.label)合计", "\(assetClass.rawValue) total"),
                    values: totals.map { Money(fen: $0).description }, isTotal: true))
            let booked = (ledger[assetClass.costAccount] ?? .zero, Money(fen: -(ledger[assetClass.depreciationAccount] ?? .zero).fen))
            if booked.0.fen != totals[6] || booked.1.fen != totals[7] {
                notes.append(
                    l.pick(
                        "账面 \(assetClass.costAccount) \(booked.0)、\(assetClass.depreciationAccount) \(booked.1) 与登记簿不符（有未经登记簿的分录）",
                        "the books hold \(booked.0) on \(assetClass.costAccount) and \(booked.1) on \(assetClass.depreciationAccount), not the register's (entries made outside it)"
                    ))
            }
        }
        var statement = Statement(
            name: "assets", formCode: nil, title: l.pick("固定资产及生产性生物资产变动表", "Fixed and productive biological assets schedule"),
            coopName: coopName, period: "\(year)", language: l,
            columns: [
                l.pick("资产", "Asset"), l.pick("年初原值", "Opening cost"), l.pick("年初累计折旧", "Opening depreciation"), l.pick("本年增加", "Additions"),
                l.pick("本年折旧", "Depreciation"), l.pick("本年减少原值", "Cost disposed of"), l.pick("本年减少折旧", "Depreciation disposed of"),
                l.pick("年末原值", "Closing cost"), l.pick("年末累计折旧", "Closing depreciation"), l.pick("年末净值", "Closing net"),
            ],
            columnKeys: [
                "opening_cost", "opening_depreciation", "additions", "depreciation", "cost_disposed", "depreciation_disposed",
                "closing_cost", "closing_depreciation", "closing_net",
            ], rows: rows, notes: notes
        )
        statement.textColumnKeys = []
        return statement
    }
}
