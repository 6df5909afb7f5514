import LedgerCore
import LedgerService
import LedgerStore
import Testing
import TestSupport

@Suite struct StatementTests {
    static let today = try! Day(parsing: "2027-06-30", field: "today")

    func report(_ ledger: Ledger, _ name: ReportName, year: Int, coop: CoopCode, language: Language = .zh) async throws -> Statement {
        var request = ReportRequest(name: name)
        request.year = year
        request.language = language
        return try await ledger.report(request, of: coop, today: Self.today)
    }

    /// The ties every set of books must show, before and after the year's run.
    func expectStatementsTieOut(_ ledger: Ledger, coop: CoopCode, year: Int) async throws {
        let sheet = try await report(ledger, .balanceSheet, year: year, coop: coop)
        #expect(sheet.amount("total_assets") == sheet.amount("total_liabilities_and_equity"), "balance sheet does not balance")

        let surplus = try await report(ledger, .surplus, year: year, coop: coop)
        let preview = try await ledger.previewDistribution(year: year, in: coop)
        #expect(surplus.amount("surplus") == preview.surplus, "02 本年盈余 differs from the P&L accounts' net")
        if let run = try await ledger.postedDistribution(year: year, in: coop) {
            #expect(surplus.amount("reserve") == run.distribution.reserve)
            #expect(surplus.amount("patronage_refunds") == run.distribution.patronageDistributed)
            #expect(surplus.amount("residual_distribution") == run.distribution.capitalDistributed)
            #expect(surplus.amount("undistributed_at_year_end") == sheet.amount("undistributed_surplus"))
            let balance = try await ledger.trialBalance(of: coop, asOf: try Day.lastDay(ofYear: year))
            func credits(_ code: String) -> Money { Money(fen: balance.lines.filter { $0.account.rawValue == code }.reduce(0) { $0 - $1.balance.fen }) }
            #expect(credits("221") == run.distribution.patronageDistributed)
            #expect(credits("222") == run.distribution.capitalDistributed)
        }

        let equity = try await report(ledger, .equityChanges, year: year, coop: coop)
        let totalColumn = EquityChanges.columns.count
        #expect(equity.amount("closing", column: totalColumn) == sheet.amount("total_equity"), "03 closing differs from the balance sheet's equity")
        for (index, column) in EquityChanges.columns.enumerated() {
            #expect(equity.amount("closing", column: index) == sheet.amount(column.key), "\(column.key)")
        }

        let trial = try await report(ledger, .trialBalance, year: year, coop: coop)
        let totals = try #require(trial.rows.last?.values)
        #expect(totals[0] == totals[1] && totals[2] == totals[3] && totals[4] == totals[5], "trial balance columns differ: \(totals)")
    }

    @Test func sampleYearTiesOutBeforeAndAfterItsRun() async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool()
            let ledger = Ledger(pool: pool, logger: .init(label: "test"))
            _ = try await SampleCooperative.load(into: ledger)
            try await expectStatementsTieOut(ledger, coop: SampleCooperative.code, year: SampleCooperative.year)
            // Hand-checked figures of the sample year (see the demo's distribution).
            let surplus = try await report(ledger, .surplus, year: 2026, coop: SampleCooperative.code)
            #expect(surplus.amount("operating_revenue") == Money(fen: 213_500_000))
            #expect(surplus.amount("surplus") == Money(fen: 103_220_000))
            let sheet = try await report(ledger, .balanceSheet, year: 2026, coop: SampleCooperative.code)
            #expect(sheet.amount("share_capital") == Money(fen: 60_000_000))
            #expect(sheet.amount("total_assets") == Money(fen: 232_240_630))
            #expect(sheet.chainHead?.count == 64)
            await pool.close()
        }
    }

    @Test func randomBooksTieOut() async throws {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<3 {
            try await LedgerFixture.with { fixture in
                let accounts = ["101", "102", "121", "141", "151", "201", "212", "501", "502", "521", "523", "524", "529"]
                for index in 0..<25 {
                    let debit = accounts.randomElement(using: &generator)!
                    var credit = accounts.randomElement(using: &generator)!
                    while credit == debit { credit = accounts.randomElement(using: &generator)! }
                    let amount = Money(fen: Int64.random(in: 1...50_000_000, using: &generator))
                    _ = try await fixture.ledger.post(try JournalEntry(key: "r\(index)", date: LedgerFixture.day("2026-0\(Int.random(in: 1...9, using: &generator))-15"), memo: "random", lines: [
                        .debit(try AccountCode(parsing: debit, field: "a"), amount), .credit(try AccountCode(parsing: credit, field: "a"), amount),
                    ]), to: fixture.coop)
                }
                for member in Int32(1)...3 {
                    _ = try await fixture.ledger.contribute(member: MemberNumber(member), amount: Money(fen: Int64.random(in: 1...9_000_000, using: &generator)), source: .other, date: LedgerFixture.day("2026-01-02"), key: try ClientKey("cap\(member)"), in: fixture.coop)
                    let corn = try Purchase(member: MemberNumber(member), product: "corn", quantity: Weight(grams: Int64.random(in: 1...9_000_000, using: &generator)),
                                            marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 26_000), priceDate: LedgerFixture.day("2026-10-01"), priceSource: "m", premium: BasisPoints(500))
                    _ = try await fixture.ledger.purchase(corn, date: LedgerFixture.day("2026-10-02"), key: try ClientKey("corn\(member)"), paidAtOnce: member == 1, in: fixture.coop)
                }
                try await expectStatementsTieOut(fixture.ledger, coop: fixture.coop, year: 2026)
                _ = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
                try await expectStatementsTieOut(fixture.ledger, coop: fixture.coop, year: 2026)
            }
        }
    }

    @Test func statementsRenderInEveryFormatAndLanguage() async throws {
        try await LedgerFixture.with { fixture in
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c", member: 1, fen: 123_456), to: fixture.coop)
            let zh = try await report(fixture.ledger, .balanceSheet, year: 2026, coop: fixture.coop)
            let en = try await report(fixture.ledger, .balanceSheet, year: 2026, coop: fixture.coop, language: .en)
            #expect(zh.text.contains("资产负债表") && zh.text.contains("单位：元"))
            #expect(en.text.contains("Balance sheet") && !en.text.contains("资产总计"))
            #expect(zh.csv.hasPrefix("\u{FEFF}"))
            let html = zh.rendered(as: .html)
            #expect(html.contains("会农社01表") && html.contains("单位负责人") && html.contains("size: A4"))
            #expect(zh.json.rendered.contains(#""key":"share_capital","label":"股金","line":34,"closing":"1234.56""#))
        }
    }
}
