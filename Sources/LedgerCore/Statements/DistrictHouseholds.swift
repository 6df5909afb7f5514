/// What the district's cooperatives do for households (区农经站's 带动农户 and 脱贫户增收
/// figures), built from each cooperative's own benefit statement, so every figure is the sum
/// of what the cooperatives report themselves.
extension DistrictStatements {
    static let householdKeys =
        ["households_reached", "poor_households_reached", "persons_employed"]
        + channelKeys + ["total", "poor_households_income"]
    static let channelKeys = BenefitStatement.Channels().byName.map(\.key)

    /// Households and poor households reached, persons employed and income to households by
    /// channel: one row per cooperative, a subtotal per township and the district's total. A
    /// household dealing with two cooperatives counts in each, as each reports it
    /// (`poor-households` counts it once).
    public static func households(_ district: District, year: Int, township: String?, cooperatives: [Cooperative], language l: Language) throws(LedgerError)
        -> Statement
    {
        var rows: [Statement.Row] = []
        var districtTotal = Totals()
        for (town, members) in grouped(cooperatives) {
            var townTotal = Totals()
            for coop in members {
                guard let benefits = coop.benefits else { continue }
                let values = try figures(of: benefits)
                for (key, value) in zip(householdKeys, values) {
                    try townTotal.add(key, value)
                    try districtTotal.add(key, value)
                }
                rows.append(Statement.Row(key: coop.code.rawValue, label: "\(coop.name) (\(coop.code))", values: values, indent: 1))
            }
            rows.append(
                Statement.Row(
                    key: "township:\(town)", label: l.pick("\(town) 小计", "\(town), subtotal"), values: townTotal.values(for: householdKeys), isTotal: true))
        }
        rows.append(
            Statement.Row(
                key: "district", label: l.pick("\(district.name) 合计", "\(district.name), total"), values: districtTotal.values(for: householdKeys),
                isTotal: true))
        return Statement(
            name: "district-households", formCode: nil, title: l.pick("合作社带动农户情况汇总表", "Households reached by the cooperatives"),
            coopName: heading(district, township), period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [
                l.pick("合作社", "Cooperative"), l.pick("带动农户（户）", "Households reached"), l.pick("其中脱贫户和监测户（户）", "Of them poor"),
                l.pick("吸纳就业（人）", "Persons employed"),
            ] + BenefitsStatement.channelLabels(l)
                + [l.pick("农户收入合计", "Income to households"), l.pick("其中脱贫户和监测户收入", "Of it to poor households")],
            columnKeys: householdKeys, rows: rows,
            notes: [
                l.pick(
                    "一户与几个合作社都有往来的，在每个合作社各计一次（按户合并见脱贫户增收表）。",
                    "A household dealing with several cooperatives counts in each (the poor households' table counts it once).")
            ]
        )
    }

    /// Each poor household across every cooperative it deals with (one household: one ID
    /// number, else its own number in one cooperative), its income by channel and cooperative,
    /// and the district's 户均增收: their income over their number, rounded once to the fen.
    public static func poorHouseholds(_ district: District, year: Int, township: String?, cooperatives: [Cooperative], language l: Language) throws(LedgerError)
        -> Statement
    {
        let households = poorHouseholdsByID(cooperatives)
        let keys = channelKeys + ["total", "cooperatives"]
        var rows: [Statement.Row] = []
        var all = BenefitStatement.Channels()
        for (index, household) in households.enumerated() {
            var sum = BenefitStatement.Channels()
            for dealing in household.dealings { sum = try sum.adding(dealing.channels) }
            all = try all.adding(sum)
            let id = household.idNumber.map { " " + IDNumber.masked($0) } ?? ""
            let place = [household.village, household.township].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " · ")
            rows.append(
                Statement.Row(
                    key: "household:\(index + 1)", label: "\(household.name)\(id)（\(place)）",
                    values: try amounts(sum) + [String(household.dealings.count)], isTotal: true))
            for dealing in household.dealings {
                rows.append(
                    Statement.Row(
                        key: "household:\(index + 1):\(dealing.coop.code)", label: "\(dealing.coop.name) (\(dealing.coop.code))",
                        values: try amounts(dealing.channels) + [""], indent: 1))
            }
        }
        let total = try all.total()
        let average =
            households.isEmpty
            ? Money(fen: 0)
            : Money(fen: try Rounding.divide(Int128(total.fen), by: Int128(households.count), field: "average"))
        rows.append(
            Statement.Row(
                key: "district", label: l.pick("\(district.name) 合计（\(households.count) 户）", "\(district.name), total (\(households.count) households)"),
                values: try amounts(all) + [""], isTotal: true))
        rows.append(
            Statement.Row(
                key: "average", label: l.pick("户均增收", "Average per household"),
                values: Array(repeating: "", count: channelKeys.count) + [average.description, ""], isTotal: true))
        var statement = Statement(
            name: "district-poor-households", formCode: nil, title: l.pick("脱贫户和监测户增收情况表", "What poor households gained through the cooperatives"),
            coopName: heading(district, township), period: l.pick("\(year)年度", "year \(year)"), language: l,
            columns: [l.pick("农户", "Household")] + BenefitsStatement.channelLabels(l) + [l.pick("合计", "Total"), l.pick("合作社（个）", "Cooperatives")],
            columnKeys: keys, rows: rows,
            notes: [
                l.pick(
                    "同一身份证号在几个合作社的往来合为一户；未登记身份证号的，按各社内编号各计一户。户均增收 = 合计 ÷ 户数，四舍五入到分。",
                    "Dealings under one ID number in several cooperatives are one household; one without an ID number counts once per cooperative. Average = total ÷ households, rounded half up to the fen."
                )
            ]
        )
        statement.textColumnKeys = ["cooperatives"]
        return statement
    }

    /// One screen's page of the poor households' table: `perPage` households, each with its
    /// cooperatives' rows, and the district's total and average (over all of them) on every
    /// page. A district has thousands; the printed, CSV and Excel forms keep them all.
    public static func page(_ poorHouseholds: Statement, number: Int, householdsPerPage perPage: Int) -> Statement {
        var households: [[Statement.Row]] = []
        var totals: [Statement.Row] = []
        for row in poorHouseholds.rows {
            if !row.key.hasPrefix("household:") {
                totals.append(row)
            } else if row.indent == 0 || households.isEmpty {
                households.append([row])
            } else {
                households[households.count - 1].append(row)
            }
        }
        let perPage = max(1, perPage)
        let count = max(1, (households.count + perPage - 1) / perPage)
        let number = min(max(1, number), count)
        var page = poorHouseholds
        page.rows = households.dropFirst((number - 1) * perPage).prefix(perPage).flatMap { $0 } + totals
        page.page = count > 1 ? Statement.Page(number: number, count: count) : nil
        return page
    }

    /// A poor household as the district sees it, with its dealings in each cooperative.
    struct PoorHousehold {
        let name: String
        let village: String?
        let township: String
        let idNumber: String?
        var dealings: [(coop: Cooperative, channels: BenefitStatement.Channels)]
    }

    /// The poor households of every cooperative, one per ID number (in the order first met:
    /// by township, then cooperative), else one per cooperative's own number.
    static func poorHouseholdsByID(_ cooperatives: [Cooperative]) -> [PoorHousehold] {
        var households: [PoorHousehold] = []
        var byID: [String: Int] = [:]
        for coop in cooperatives {
            for row in coop.benefits?.rows ?? [] where row.poverty.isPoor {
                if let id = row.idNumber, let index = byID[id] {
                    households[index].dealings.append((coop, row.channels))
                    continue
                }
                if let id = row.idNumber { byID[id] = households.count }
                households.append(
                    PoorHousehold(
                        name: row.name, village: row.village, township: coop.township, idNumber: row.idNumber,
                        dealings: [(coop, row.channels)]))
            }
        }
        return households
    }

    /// One cooperative's households row: counts, channels, their total, and the poor's part.
    static func figures(of benefits: BenefitStatement) throws(LedgerError) -> [String] {
        let poor = try benefits.filtered { $0.poverty.isPoor }.totals()
        return [String(benefits.householdsReached), String(benefits.poorHouseholdsReached), String(benefits.personsEmployed)]
            + (try amounts(try benefits.totals())) + [try poor.total().description]
    }

    /// The channels, then their total.
    static func amounts(_ channels: BenefitStatement.Channels) throws(LedgerError) -> [String] {
        channels.byName.map(\.amount.description) + [try channels.total().description]
    }
}
