import LedgerCore

/// The sample cooperative of domain.md: a pig-breeding cooperative in a township of
/// Baiyin District, Gansu, with a handful of its year's entries. Deterministic: every
/// write carries a fixed key, so loading it twice writes nothing the second time.
public enum SampleCooperative {
    public static let code = try! CoopCode(parsing: "baiyin-pig")
    public static let name = "白银区富民生猪养殖专业合作社"
    public static let year = 2026

    struct SampleMember {
        let number: Int32
        let name: String
        let isPoorHousehold: Bool
        /// Land leased to the cooperative, in hundredths of a mu.
        let landHundredthsOfMu: Int64
    }

    static let members: [SampleMember] = [
        SampleMember(number: 1, name: "王建国", isPoorHousehold: false, landHundredthsOfMu: 500),
        SampleMember(number: 2, name: "李秀兰", isPoorHousehold: true, landHundredthsOfMu: 350),
        SampleMember(number: 3, name: "张德福", isPoorHousehold: true, landHundredthsOfMu: 0),
        SampleMember(number: 4, name: "刘玉梅", isPoorHousehold: false, landHundredthsOfMu: 420),
        SampleMember(number: 5, name: "陈宝山", isPoorHousehold: true, landHundredthsOfMu: 275),
        SampleMember(number: 6, name: "杨春花", isPoorHousehold: false, landHundredthsOfMu: 0),
        SampleMember(number: 7, name: "赵永红", isPoorHousehold: true, landHundredthsOfMu: 180),
        SampleMember(number: 8, name: "孙志强", isPoorHousehold: false, landHundredthsOfMu: 600),
    ]

    /// Land-transfer fee per mu per year (土地流转费), in fen.
    static let landRatePerMu = Money(fen: 200_000)
    /// Each poor household's poverty-alleviation loan put in as equity, and its yearly payout.
    static let loanPrincipal = Money(fen: 5_000_000)
    static let loanPayout = Money(fen: 400_000)

    /// Creates the cooperative, its members and the entries, skipping what is there.
    /// Returns how many entries were newly posted.
    public static func load(into ledger: Ledger) async throws -> Int {
        let settings = CharterSettings.standard
        _ = try await ledger.createCooperative(try Cooperative(code: code, name: name, settings: settings))
        for member in members {
            _ = try await ledger.addMember(try Member(
                number: MemberNumber(member.number), name: member.name,
                isPoorHousehold: member.isPoorHousehold, joinedOn: try Day(year: year - 3, month: 3, day: 1)
            ), to: code)
        }
        var posted = 0
        for entry in try entries() {
            if case .posted = try await ledger.post(entry, to: code) { posted += 1 }
        }
        return posted
    }

    static func entries() throws -> [JournalEntry] {
        let bank = AccountCode("102")
        var entries: [JournalEntry] = []
        func add(_ key: String, _ month: Int, _ day: Int, _ memo: String, _ lines: [PostingLine]) throws {
            entries.append(try JournalEntry(key: "demo-\(year)-" + key, date: try Day(year: year, month: month, day: day), memo: memo, lines: lines))
        }
        for member in members {
            let number = MemberNumber(member.number)
            let capital = Money(fen: 1_000_000 + Int64(member.number) * 50_000)
            try add("capital-\(member.number)", 1, 8, "\(member.name) 出资 capital contribution", [
                .debit(bank, capital), .credit(AccountCode("301"), member: number, capital),
            ])
            if member.isPoorHousehold {
                try add("loan-equity-\(member.number)", 1, 15, "\(member.name) 扶贫贷款入股 loan equity received", [
                    .debit(bank, loanPrincipal), .credit(AccountCode("231"), member: number, loanPrincipal),
                ])
            }
        }
        try add("pig-sales-q1", 3, 31, "生猪销售 pig sales, first quarter", [
            .debit(bank, Money(fen: 38_600_000)), .credit(AccountCode("501"), Money(fen: 38_600_000)),
        ])
        try add("feed", 4, 10, "饲料 feed bought", [
            .debit(AccountCode("521"), Money(fen: 12_450_000)), .credit(bank, Money(fen: 12_450_000)),
        ])
        try add("wages-q1", 4, 15, "应付工资 wages of member employees, first quarter", [
            .debit(AccountCode("521"), Money(fen: 4_320_000)), .credit(AccountCode("212"), Money(fen: 4_320_000)),
        ])
        let corn = Money(fen: 2_620_800)  // 9,600 kg × 2.60 yuan/kg market × 1.05 = 26,208.00 yuan
        try add("corn-4", 10, 12, "刘玉梅 玉米 corn bought 5% above market", [
            .debit(AccountCode("121"), corn), .credit(AccountCode("114"), member: MemberNumber(4), corn),
        ])
        let landLines = try members.filter { $0.landHundredthsOfMu > 0 }.map { member -> PostingLine in
            // Whole years here: area (0.01 mu) × rate per mu, exact in fen.
            let fee = Money(fen: member.landHundredthsOfMu * landRatePerMu.fen / 100)
            guard fee.fen * 100 == member.landHundredthsOfMu * landRatePerMu.fen else {
                throw LedgerError(.invalidAmount, field: "land fee", rule: "sample areas must give whole fen")
            }
            return .credit(AccountCode("114"), member: MemberNumber(member.number), fee)
        }
        let landTotal = try Money.sum(landLines.map { try $0.amount.negated() })
        try add("land-fees", 12, 20, "土地流转费 land-transfer fees accrued for \(year)", [.debit(AccountCode("401"), landTotal)] + landLines)
        let poor = members.filter(\.isPoorHousehold)
        let payoutTotal = Money(fen: loanPayout.fen * Int64(poor.count))
        try add("loan-payouts", 12, 25, "扶贫贷款入股固定收益 fixed payouts accrued", [
            .debit(AccountCode("524"), payoutTotal), .credit(AccountCode("215"), payoutTotal),
        ])
        return entries
    }
}
