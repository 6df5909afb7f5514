import LedgerCore

/// The sample cooperative of domain.md: a pig-breeding cooperative in a township of
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

    /// Members 2, 5, 7, … : the 12 registered poor households (建档立卡贫困户).
    static func isPoorHousehold(_ number: Int32) -> Bool { number <= 24 && number % 2 == 0 }
    /// Every third member leases land to the cooperative, plus the poor households.
    static func leasesLand(_ number: Int32) -> Bool { number % 3 == 1 || isPoorHousehold(number) }

    static let landRatePerMu = Money(fen: 200_000)
    static let loanPrincipal = Money(fen: 5_000_000)
    static let loanPayout = Money(fen: 400_000)
    static let cornMarketPrice = UnitPrice(tenThousandthsOfYuanPerKilogram: 26_000)

    /// Creates the cooperative and books its year, ending with the posted distribution,
    /// skipping what is there already. Returns how many writes were new.
    public static func load(into ledger: Ledger) async throws -> Int {
        _ = try await ledger.createCooperative(try Cooperative(code: code, name: name, settings: .standard))
        var posted = 0
        func count(_ outcome: PostingOutcome) { if case .posted = outcome { posted += 1 } }
        func count(_ outcome: BatchOutcome) { posted += outcome.posted.count }

        let opening = try Day(year: year - 1, month: 1, day: 2)
        for (index, name) in names.enumerated() {
            let number = MemberNumber(Int32(index + 1))
            _ = try await ledger.addMember(try Member(
                number: number, name: name, isPoorHousehold: isPoorHousehold(number.value), joinedOn: opening
            ), to: code)
        }
        for index in names.indices {
            let number = MemberNumber(Int32(index + 1))
            // Poor households' capital is their share of the poverty-alleviation project assets.
            count(try await ledger.contribute(
                member: number, amount: Money(fen: 1_000_000 + Int64(index % 5) * 500_000),
                source: isPoorHousehold(number.value) ? .povertyAlleviationAssets : .other,
                date: try Day(year: year - 1, month: 1, day: 8), key: "demo:capital:\(number)", in: code
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

        for entry in try generalEntries() { count(try await ledger.post(entry, to: code)) }

        // Corn from 20 members in October, at 5% above the Baiyin grain market's price.
        for index in 0..<20 {
            let number = MemberNumber(Int32(index + 1))
            let purchase = try Purchase(
                member: number, product: "玉米 corn", quantity: Weight(grams: 2_000_000 + Int64(index) * 137_500),
                marketPrice: cornMarketPrice, priceDate: try Day(year: year, month: 10, day: 8),
                priceSource: "白银市粮油市场 Baiyin grain market", premium: BasisPoints(500)
            )
            count(try await ledger.purchase(
                purchase, date: try Day(year: year, month: 10, day: 10 + index % 10), key: "demo:corn:\(number)",
                paidAtOnce: index % 4 == 0, in: code
            ))
        }

        count(try await ledger.accrueLeaseFees(year: year, in: code))
        count(try await ledger.payLeaseFees(year: year, date: try Day(year: year, month: 12, day: 28), in: code))
        count(try await ledger.accrueLoanEquityPayouts(year: year, in: code))
        // The year ends with its surplus distribution, which closes it.
        if try await ledger.postedDistribution(year: year, in: code) == nil {
            _ = try await ledger.postDistribution(year: year, in: code)
            posted += 1
        }
        return posted
    }

    /// Pig sales, feed, wages of the 12 member employees, a vet bill, and settling the
    /// corn owed on the members' accounts.
    static func generalEntries() throws -> [JournalEntry] {
        let bank = AccountCode("102")
        var entries: [JournalEntry] = []
        func add(_ key: String, _ month: Int, _ day: Int, _ memo: String, _ lines: [PostingLine]) throws {
            entries.append(try JournalEntry(key: "demo:\(year):" + key, date: try Day(year: year, month: month, day: day), memo: memo, lines: lines))
        }
        for quarter in 1...4 {
            let sales = Money(fen: 38_600_000 + Int64(quarter) * 2_150_000)
            try add("pig-sales-q\(quarter)", quarter * 3, 28, "生猪销售 pig sales, quarter \(quarter)", [
                .debit(bank, sales), .credit(AccountCode("501"), sales),
            ])
            let feed = Money(fen: 12_450_000 + Int64(quarter) * 310_000)
            try add("feed-q\(quarter)", quarter * 3 - 2, 10, "饲料 feed bought, quarter \(quarter)", [
                .debit(AccountCode("521"), feed), .credit(bank, feed),
            ])
            let wages = Money(fen: 4_320_000)
            try add("wages-q\(quarter)", quarter * 3, 25, "应付工资 wages of the 12 member employees, quarter \(quarter)", [
                .debit(AccountCode("521"), wages), .credit(AccountCode("212"), wages),
            ])
            try add("wages-paid-q\(quarter)", quarter * 3, 30, "发放工资 wages paid, quarter \(quarter)", [
                .debit(AccountCode("212"), wages), .credit(bank, wages),
            ])
        }
        try add("vet", 6, 18, "兽医防疫 veterinary and vaccination", [
            .debit(AccountCode("521"), Money(fen: 1_860_000)), .credit(bank, Money(fen: 1_860_000)),
        ])
        try add("office", 9, 5, "管理费用 office and training", [
            .debit(AccountCode("523"), Money(fen: 640_000)), .credit(AccountCode("101"), Money(fen: 640_000)),
        ])
        try add("cash", 1, 20, "提取现金 cash drawn", [
            .debit(AccountCode("101"), Money(fen: 1_000_000)), .credit(bank, Money(fen: 1_000_000)),
        ])
        return entries
    }
}
