import LedgerCore
import LedgerService

/// The sample cooperative of docs/domain.md: a pig-breeding cooperative in a township of
/// Baiyin District, Gansu, and a year of its books. Deterministic: every write carries a
/// fixed key, so loading it twice writes nothing the second time and prints the same books.
public enum SampleCooperative {
    public static let code = try! CoopCode(parsing: "baiyin-pig")
    public static let name = "白银区富民生猪养殖专业合作社"
    public static let year = 2026

    static let names = [
        "王建国", "李秀兰", "张德福", "刘玉梅", "陈宝山", "杨春花", "赵永红", "孙志强", "周桂英", "吴海军",
        "郑淑珍", "冯长林", "朱兰英", "胡学文", "郭秀云", "何占奎", "高玉兰", "林有福", "罗金花", "梁国庆",
        "宋丽萍", "谢永祥", "韩翠花", "唐建平", "董秀芳", "萧富贵", "程红梅", "曹志刚", "袁玉珍", "邓满仓",
    ]

    /// The member whose benefit statement the demo prints: a poor household that leases land,
    /// sells corn, works for the cooperative and put its poverty-alleviation loan in.
    public static let showcaseMember = MemberNumber(2)

    /// Members 2, 4, 6, … 24: the 12 registered poor households (建档立卡贫困户).
    static func isPoorHousehold(_ number: Int32) -> Bool { number <= 24 && number % 2 == 0 }
    /// Every third member leases land to the cooperative, plus the poor households.
    static func leasesLand(_ number: Int32) -> Bool { number % 3 == 1 || isPoorHousehold(number) }

    static let landRatePerMu = Money(fen: 200_000)
    static let loanPrincipal = Money(fen: 5_000_000)
    static let loanPayout = Money(fen: 400_000)
    static let cornMarketPrice = UnitPrice(tenThousandthsOfYuanPerKilogram: 26_000)

    /// Creates the cooperative and books its first two years: 2025 closed with its loss,
    /// 2026 with costs carried through to the surplus, ending with the posted distribution,
    /// skipping what is there already. Returns how many writes were new.
    public static func load(into ledger: Ledger) async throws -> Int {
        _ = try await ledger.createCooperative(try Cooperative(code: code, name: name, settings: .standard))
        // The bookkeeper prepares the day-to-day vouchers and the cooperative's head of
        // finance approves them; contracts, capital and the run are the admin's (the operator).
        // They, and an auditor, sign in to the workbench with the demo's password.
        let password = try Password(demoPassword)
        _ = try await ledger.addPerson(try Person(login: preparer, name: "王会计"), password: password, role: .preparer, in: code)
        _ = try await ledger.addPerson(try Person(login: approver, name: "李主管"), password: password, role: .approver, in: code)
        _ = try await ledger.addPerson(try Person(login: auditor, name: "赵审计"), password: password, role: .auditor, in: code)
        let bookkeeper = ledger.acting(as: preparer)
        // Its own sub-accounts (明细科目): revenue from fattened pigs and from piglets.
        _ = try await ledger.addSubAccount(pigSales, name: "生猪销售", under: .operatingRevenue, in: code)
        _ = try await ledger.addSubAccount(pigletSales, name: "仔猪销售", under: .operatingRevenue, in: code)
        var posted = 0
        func count(_ outcome: PostingOutcome) { if case .posted = outcome { posted += 1 } }
        func count(_ outcome: BatchOutcome) { posted += outcome.posted.count }

        // Every household joins on the founding day, when the poverty-alleviation loans come in
        // as equity (a dealing needs membership on its day).
        let joined = try Day(year: year - 1, month: 1, day: 1)
        for (index, name) in names.enumerated() {
            let number = MemberNumber(Int32(index + 1))
            _ = try await ledger.addMember(
                try Member(
                    number: number, name: name, isPoorHousehold: isPoorHousehold(number.value), joinedOn: joined
                ), to: code)
        }
        // The books came in with the preparatory group's cash, 2,000.00 held for the new
        // cooperative (资本公积), as of the day before its first year.
        if try await ledger.entries(of: code, after: EntryID(0), limit: 1).isEmpty {
            _ = try await ledger.postOpening(
                try OpeningBalances(
                    date: try Day(year: year - 2, month: 12, day: 31),
                    lines: [
                        .init(line: 2, account: .cashOnHand, member: nil, amount: Money(fen: 200_000), capitalSource: nil, shareKind: nil),
                        .init(line: 3, account: .capitalReserve, member: nil, amount: Money(fen: -200_000), capitalSource: nil, shareKind: nil),
                    ]), in: code)
            posted += 1
        }
        for index in names.indices {
            let number = MemberNumber(Int32(index + 1))
            // Poor households' capital is their share of the poverty-alleviation project assets.
            count(
                try await ledger.contribute(
                    member: number, amount: Money(fen: 1_000_000 + Int64(index % 5) * 500_000),
                    source: isPoorHousehold(number.value) ? .povertyAlleviationAssets : .other,
                    date: try Day(year: year - 1, month: 1, day: 8), key: try ClientKey("demo:capital:\(number)"), in: code
                ))
            if isPoorHousehold(number.value) {
                let contract = try LoanEquityContract(
                    member: number, principal: loanPrincipal, startsOn: try Day(year: year - 1, month: 1, day: 1),
                    years: 3, yearlyPayout: loanPayout, treatment: .liability
                )
                if try await ledger.addLoanEquity(contract, key: "demo:loan-equity:\(number)", in: code).outcome == .created { posted += 1 }
            }
            if leasesLand(number.value) {
                let lease = try Lease(
                    member: number, area: Area(hundredthsOfMu: 150 + Int64(index) * 25), yearlyRatePerMu: landRatePerMu,
                    startsOn: try Day(year: year - 1, month: 1, day: 1), endsOn: nil
                )
                _ = try await ledger.addLease(lease, key: "demo:lease:\(number)", in: code)
            }
        }

        // 2025, the first year: land fees and loan-equity payouts accrued and paid, the
        // land fees carried into the first pigs being raised (141), the year closed with
        // its loss (the payouts) carried forward into 2026.
        let founding = year - 1
        count(try await ledger.accrueLeaseFees(year: founding, in: code))
        count(try await ledger.payLeaseFees(year: founding, date: try Day(year: founding, month: 12, day: 28), in: code))
        count(try await ledger.accrueLoanEquityPayouts(year: founding, in: code))
        count(try await ledger.payLoanEquityPayouts(year: founding, date: try Day.lastDay(ofYear: founding), in: code))
        count(
            try await ledger.carryCost(
                try CostTransfer(step: .finish, amount: landFeesPerYear, memo: "\(founding) 土地流转费转入育肥猪"),
                date: try Day.lastDay(ofYear: founding), key: try ClientKey("demo:\(founding):cost:finish"), in: code))
        posted += try await loadAssetsAndDepreciation(ledger, year: founding)
        if try await ledger.closeYear(founding, of: code) == .created { posted += 1 }

        posted += try await postAsApprovedVouchers(try generalEntries(), ledger: ledger)

        // Corn from 20 members in October, at 5% above the Baiyin grain market's price.
        for index in 0..<20 {
            let number = MemberNumber(Int32(index + 1))
            let purchase = try Purchase(
                member: number, product: "玉米", quantity: Weight(grams: 2_000_000 + Int64(index) * 137_500),
                marketPrice: cornMarketPrice, priceDate: try Day(year: year, month: 10, day: 8),
                priceSource: "白银市粮油市场", premium: BasisPoints(500)
            )
            count(
                try await bookkeeper.purchase(
                    purchase, date: try Day(year: year, month: 10, day: 10 + index % 10), key: try ClientKey("demo:corn:\(number)"),
                    paidAtOnce: index % 4 == 0, in: code
                ))
        }
        posted += try await loadHouseholdsAndWages(bookkeeper, admin: ledger)
        for (key, step, date, amount, memo) in try costsBeforeYearEnd() {
            count(
                try await bookkeeper.carryCost(
                    try CostTransfer(step: step, amount: amount, memo: memo), date: date, key: try ClientKey("demo:\(year):cost:" + key), in: code))
        }

        count(try await ledger.accrueLeaseFees(year: year, in: code))
        count(try await ledger.payLeaseFees(year: year, date: try Day(year: year, month: 12, day: 28), in: code))
        count(try await ledger.accrueLoanEquityPayouts(year: year, in: code))
        count(try await ledger.payLoanEquityPayouts(year: year, date: try Day.lastDay(ofYear: year), in: code))
        // 31 December: the year's land fees go into the pigs, and the fourth quarter's
        // cost of pigs sold out of them (月末结转).
        let yearEnd = try Day.lastDay(ofYear: year)
        count(
            try await ledger.carryCost(
                try CostTransfer(step: .finish, amount: try landFeesPerYear.adding(householdLease.fee), memo: "\(year) 土地流转费转入育肥猪"),
                date: yearEnd, key: try ClientKey("demo:\(year):cost:finish-land"), in: code))
        count(
            try await ledger.carryCost(
                try CostTransfer(step: .sell, amount: costOfPigsSold[3], memo: "生猪销售成本 第4季度"),
                date: yearEnd, key: try ClientKey("demo:\(year):cost:sell-q4"), in: code))
        posted += try await loadAssetsAndDepreciation(ledger, year: year)
        // The year ends with its surplus distribution, which closes it.
        if try await ledger.postedDistribution(year: year, in: code) == nil {
            _ = try await ledger.postDistribution(year: year, in: code)
            posted += 1
        }
        return posted
    }

    /// Each month's wages by payroll (工资表), one line per employee, paid on the month's last
    /// day; three households that are not members selling corn in October, one of them (a
    /// household monitored against falling back) renting its land to the cooperative.
    static func loadHouseholdsAndWages(_ bookkeeper: Ledger, admin: Ledger) async throws -> Int {
        var posted = 0
        let employees = names.indices.map { MemberNumber(Int32($0 + 1)) }.filter { isPoorHousehold($0.value) }
        for month in 1...12 {
            let month = try CalendarMonth(year: year, month: month)
            let payroll = try Payroll(
                month: month, lines: try employees.map { try PayrollLine(payee: .member($0), amount: wagePerMonth, days: 22, memo: "饲养员") })
            if case .posted = try await bookkeeper.postPayroll(payroll, key: try ClientKey("demo:payroll:\(month)"), in: code) { posted += 1 }
            if case .posted? = try await bookkeeper.payPayroll(month: month, date: month.lastDay, key: try ClientKey("demo:payroll-paid:\(month)"), in: code) {
                posted += 1
            }
        }
        for (index, (name, poverty)) in nonMemberHouseholds.enumerated() {
            let (number, _) = try await bookkeeper.addHousehold(
                try HouseholdDetails(
                    name: name, idNumber: "62040219800101000\(index + 1)", village: "水川镇", poverty: poverty
                ), in: code)
            let purchase = try Purchase(
                seller: .household(number), product: "玉米", quantity: Weight(grams: 500_000 * Int64(index + 1)),
                marketPrice: cornMarketPrice, priceDate: try Day(year: year, month: 10, day: 8),
                priceSource: "白银市粮油市场", premium: BasisPoints(500)
            )
            if case .posted = try await bookkeeper.purchase(
                purchase, date: try Day(year: year, month: 10, day: 21), key: try ClientKey("demo:corn:\(number)"), paidAtOnce: true, in: code)
            {
                posted += 1
            }
            if poverty == .monitored {
                let lease = try Lease(
                    lessor: .household(number), area: householdLease.area, yearlyRatePerMu: landRatePerMu,
                    startsOn: try Day(year: year, month: 1, day: 1), endsOn: nil)
                _ = try await admin.addLease(lease, key: "demo:lease:\(number)", in: code)
            }
        }
        return posted
    }

    /// The breeding farm (issue 26): barns and the feed mill's equipment bought when the
    /// cooperative starts (2025), 30 sows and 2 boars, each depreciated month by month into
    /// 401 生产成本 and carried with the year's other production costs into the pigs being
    /// raised (141). Returns how many writes were new.
    static func loadAssetsAndDepreciation(_ ledger: Ledger, year: Int) async throws -> Int {
        var posted = 0
        if year == Self.year - 1 {
            for (key, asset) in try farmAssets() {
                if try await ledger.addAsset(asset, key: try ClientKey("demo:asset:\(key)"), in: code).outcome == .created { posted += 1 }
            }
        }
        for month in 1...12 {
            if case .posted? = try await ledger.depreciate(month: try CalendarMonth(year: year, month: month), in: code) { posted += 1 }
        }
        let depreciation = try await ledger.assets(of: code).flatMap(\.depreciation).filter { $0.month.year == year }.reduce(0) { $0 + $1.amount.fen }
        if case .posted = try await ledger.carryCost(
            try CostTransfer(step: .finish, amount: Money(fen: depreciation), memo: "\(year) 折旧转入育肥猪"),
            date: try Day.lastDay(ofYear: year), key: try ClientKey("demo:\(year):cost:finish-depreciation"), in: code)
        {
            posted += 1
        }
        return posted
    }

    /// Barns for 20 years (5% salvage), the feed mill's equipment for 5, and the breeding
    /// herd for 3 years to what the culled animals fetch as meat.
    static func farmAssets() throws -> [(String, Asset)] {
        let founding = year - 1
        return [
            (
                "barns",
                try Asset(
                    assetClass: .fixed, name: "猪舍", cost: Money(fen: 24_000_000), salvage: Money(fen: 1_200_000),
                    acquiredOn: try Day(year: founding, month: 1, day: 15), lifeMonths: 240)
            ),
            (
                "feed-mill",
                try Asset(
                    assetClass: .fixed, name: "饲料加工设备", cost: Money(fen: 3_600_000),
                    acquiredOn: try Day(year: founding, month: 1, day: 20), lifeMonths: 60)
            ),
            (
                "sows",
                try Asset(
                    assetClass: .breeding, name: "母猪", cost: Money(fen: 7_500_000), salvage: Money(fen: 3_000_000),
                    acquiredOn: try Day(year: founding, month: 1, day: 25), lifeMonths: 36, headCount: 30)
            ),
            (
                "boars",
                try Asset(
                    assetClass: .breeding, name: "公猪", cost: Money(fen: 800_000), salvage: Money(fen: 240_000),
                    acquiredOn: try Day(year: founding, month: 1, day: 25), lifeMonths: 36, headCount: 2)
            ),
        ]
    }

    /// Households that are not members; one lifted out of poverty, one monitored.
    static let nonMemberHouseholds: [(String, Poverty)] = [("马占林", .lifted), ("蔡金兰", .monitored), ("白有才", .none)]

    static let pigSales = AccountCode("50101")
    static let pigletSales = AccountCode("50102")
    static let preparer = try! Login(parsing: "wang")
    static let approver = try! Login(parsing: "li")
    static let auditor = try! Login(parsing: "zhao")
    /// The sample people's password: a demonstration on this machine's own database only.
    public static let demoPassword = "coopledger-demo"
    /// Who may sign in to the workbench after `coopledger demo`, and as what.
    public static let signIns = "wang (王会计, preparer), li (李主管, approver), zhao (赵审计, auditor)"

    /// The year's general entries as vouchers: 王会计 prepares each, 李主管 approves it,
    /// 王会计 posts it. Done once: a second load finds them posted and drafts nothing.
    static func postAsApprovedVouchers(_ entries: [JournalEntry], ledger: Ledger) async throws -> Int {
        let bookkeeper = ledger.acting(as: preparer), head = ledger.acting(as: approver)
        guard try await ledger.vouchers(of: code, includingPosted: true).isEmpty else { return 0 }
        // In date order, as a bookkeeper posts them, so numbers follow the days.
        let inOrder = entries.sorted { ($0.date, $0.key) < ($1.date, $1.key) }
        for (index, entry) in inOrder.enumerated() {
            let content = try VoucherContent(date: entry.date, memo: entry.memo, lines: entry.lines, attachments: 1 + index % 3)
            let draft = try await bookkeeper.draftVoucher(content, in: code)
            _ = try await head.approveVoucher(draft.id, version: draft.version, in: code)
            _ = try await bookkeeper.postVoucher(draft.id, in: code)
        }
        return entries.count
    }

    /// The leases' fees for a whole year (84.75 mu at 2000 yuan): every lease runs all year.
    static let landFeesPerYear = Money(fen: 16_950_000)
    /// From 2026 the cooperative also rents 1.5 mu of a non-member household's land.
    static let householdLease = (area: Area(hundredthsOfMu: 150), fee: Money(fen: 300_000))
    /// Feed bought in each quarter, all of it eaten in the quarter.
    static func feed(quarter: Int) -> Money { Money(fen: 12_450_000 + Int64(quarter) * 310_000) }
    /// The 12 poor households' members work raising the pigs, 1,200.00 a month each.
    static let wagePerMonth = Money(fen: 120_000)
    static let wagesPerQuarter = Money(fen: 4_320_000)
    static let veterinary = Money(fen: 1_860_000)
    /// Of the 180,521.30 yuan of corn bought in October, what the pigs ate by the end of
    /// November; the rest (60,521.30) is still in the store (121) at the year's end, beside the
    /// 8,190.00 bought from non-member households.
    static let cornEaten = Money(fen: 12_000_000)
    /// The cost of the pigs sold each quarter (141 → 521). What stays in 141 at the year's
    /// end (134,000.00, with 2026's household lease) is the pigs still being fattened.
    static let costOfPigsSold = [Money(fen: 26_000_000), Money(fen: 25_000_000), Money(fen: 18_000_000), Money(fen: 35_840_000)]

    /// The quarters' costs carried on: feed eaten (121 → 401), production finished into the
    /// pigs (401 → 141), and the cost of the pigs sold in the first three quarters.
    static func costsBeforeYearEnd() throws -> [(String, CostTransfer.Step, Day, Money, String)] {
        var costs: [(String, CostTransfer.Step, Day, Money, String)] = []
        for quarter in 1...4 {
            let month = quarter * 3
            let feed = feed(quarter: quarter)
            costs.append(("consume-q\(quarter)", .consume, try Day(year: year, month: month, day: 26), feed, "饲料领用 第\(quarter)季度"))
            let finished = try feed.adding(wagesPerQuarter).adding(quarter == 2 ? veterinary : .zero)
            // The quarter's last day, after its third month's payroll.
            let quarterEnd = try CalendarMonth(year: year, month: month).lastDay
            costs.append(("finish-q\(quarter)", .finish, quarterEnd, finished, "育肥猪成本 饲料、工资\(quarter == 2 ? "、防疫" : "")转入 第\(quarter)季度"))
            if quarter < 4 {
                costs.append(("sell-q\(quarter)", .sell, quarterEnd, costOfPigsSold[quarter - 1], "生猪销售成本 第\(quarter)季度"))
            }
        }
        costs.append(("consume-corn", .consume, try Day(year: year, month: 11, day: 30), cornEaten, "玉米领用"))
        costs.append(("finish-corn", .finish, try Day(year: year, month: 11, day: 30), cornEaten, "玉米转入育肥猪"))
        return costs.sorted { ($0.2, $0.0) < ($1.2, $1.0) }
    }

    /// Pig sales, feed bought into the store (121), a vet bill into production (401), office
    /// costs, cash drawn.
    static func generalEntries() throws -> [JournalEntry] {
        let bank = AccountCode.bankDeposits
        var entries: [JournalEntry] = []
        func add(_ key: String, _ month: Int, _ day: Int, _ memo: String, _ lines: [PostingLine]) throws {
            entries.append(try JournalEntry(key: "demo:\(year):" + key, date: try Day(year: year, month: month, day: day), memo: memo, lines: lines))
        }
        for quarter in 1...4 {
            let sales = Money(fen: 48_000_000 + Int64(quarter) * 2_150_000)
            try add(
                "pig-sales-q\(quarter)", quarter * 3, 28, "生猪销售 第\(quarter)季度",
                [
                    .debit(bank, sales), .credit(pigSales, sales),
                ])
            try add(
                "feed-q\(quarter)", quarter * 3 - 2, 10, "购入饲料 第\(quarter)季度",
                [
                    .debit(.productsAndMaterials, feed(quarter: quarter)), .credit(bank, feed(quarter: quarter)),
                ])
        }
        try add(
            "vet", 6, 18, "兽医防疫",
            [
                .debit(.productionCosts, veterinary), .credit(bank, veterinary),
            ])
        try add(
            "office", 9, 5, "管理费用 办公及培训",
            [
                .debit(AccountCode.administrativeExpenses, Money(fen: 640_000)), .credit(AccountCode.cashOnHand, Money(fen: 640_000)),
            ])
        try add(
            "cash", 1, 20, "提取现金",
            [
                .debit(AccountCode.cashOnHand, Money(fen: 1_000_000)), .credit(bank, Money(fen: 1_000_000)),
            ])
        return entries
    }
}
