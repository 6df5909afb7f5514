import LedgerCore
import LedgerRendering
import LedgerService
import SampleBooks
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

    func report(_ ledger: Ledger, ledgerOf account: String, member: Int32?, year: Int, coop: CoopCode) async throws -> Statement {
        var request = ReportRequest(name: .ledger)
        request.year = year
        request.account = try AccountCode(parsing: account, field: "account")
        request.member = member.map(MemberNumber.init)
        return try await ledger.report(request, of: coop, today: Self.today)
    }

    /// The ties every set of books must show, before and after the year's run.
    func expectStatementsTieOut(_ ledger: Ledger, coop: CoopCode, year: Int) async throws {
        let sheet = try await report(ledger, .balanceSheet, year: year, coop: coop)
        func closing(_ key: String) -> Money? { sheet.amount(key, column: "closing") }
        #expect(closing("total_assets") == closing("total_liabilities_and_equity"), "balance sheet does not balance at year end")
        #expect(sheet.amount("total_assets", column: "opening") == sheet.amount("total_liabilities_and_equity", column: "opening"), "nor at the start")

        let surplus = try await report(ledger, .surplus, year: year, coop: coop)
        let preview = try await ledger.previewDistribution(year: year, in: coop)
        #expect(surplus.amount("surplus") == preview.surplus, "02 本年盈余 differs from the P&L accounts' net")
        if let run = try await ledger.postedDistribution(year: year, in: coop) {
            #expect(surplus.amount("reserve") == run.distribution.reserve)
            #expect(surplus.amount("distributable") == run.distribution.distributable, "02 可分配盈余 is not the run's D")
            #expect(surplus.amount("patronage_refunds") == run.distribution.patronageDistributed)
            #expect(surplus.amount("residual_distribution") == run.distribution.capitalDistributed)
            #expect(surplus.amount("undistributed_at_year_end") == closing("undistributed_surplus"), "02 年末未分配盈余 differs from 01's")
            // What the year credited to 221/222 (earlier years' refunds may still be unpaid).
            let balance = try await ledger.trialBalance(of: coop, asOf: try Day.lastDay(ofYear: year))
            let before = try await ledger.trialBalance(of: coop, asOf: try Day.lastDay(ofYear: year - 1))
            func credits(_ code: String) -> Money {
                func total(_ lines: [TrialBalance.Line]) -> Int64 { lines.filter { $0.account.rawValue == code }.reduce(0) { $0 - $1.balance.fen } }
                return Money(fen: total(balance.lines) - total(before.lines))
            }
            #expect(credits("221") == run.distribution.patronageDistributed)
            #expect(credits("222") == run.distribution.capitalDistributed)
        }

        let equity = try await report(ledger, .equityChanges, year: year, coop: coop)
        let totalColumn = EquityChanges.columns.count
        #expect(equity.amount("closing", column: totalColumn) == closing("total_equity"), "03 closing differs from the balance sheet's equity")
        for (index, column) in EquityChanges.columns.enumerated() {
            #expect(equity.amount("closing", column: index) == closing(column.key), "\(column.key)")
            #expect(equity.amount("opening", column: index) == sheet.amount(column.key, column: "opening"), "\(column.key) opening")
            // 年初 + 增加 − 减少 = 年末, and each section is the sum of its 其中 lines.
            let opening = try #require(equity.amount("opening", column: index))
            let increases = try #require(equity.amount("increases", column: index))
            let decreases = try #require(equity.amount("decreases", column: index))
            #expect(opening.fen + increases.fen - decreases.fen == equity.amount("closing", column: index)?.fen)
            let lines = EquityChanges.Line.allCases
            #expect(lines.filter(\.isIncrease).reduce(0) { $0 + (equity.amount($1.rawValue, column: index)?.fen ?? 0) } == increases.fen)
            #expect(lines.filter { !$0.isIncrease }.reduce(0) { $0 + (equity.amount($1.rawValue, column: index)?.fen ?? 0) } == decreases.fen)
        }
        // 本年盈余 in 未分配盈余 is the year's surplus S, not its gross revenue.
        let undistributed = try #require(EquityChanges.columns.firstIndex { $0.key == "undistributed_surplus" })
        let surplusOfYear = try #require(surplus.amount("surplus"))
        // A loss too: a negative 本年盈余, as the form has it.
        #expect(equity.amount("surplus_of_the_year", column: undistributed) == surplusOfYear, "03 本年盈余 differs from 02's")

        let trial = try await report(ledger, .trialBalance, year: year, coop: coop)
        let totals = try #require(trial.rows.last?.values)
        #expect(totals[0] == totals[1] && totals[2] == totals[3] && totals[4] == totals[5], "trial balance columns differ: \(totals)")
        try expectSubtotalsAddUp(trial)
    }

    /// Each `ACCOUNT:subtotal` row is the sum of that account's rows, column by column, and
    /// the total row the sum of every row but the subtotals.
    func expectSubtotalsAddUp(_ trial: Statement) throws {
        func fen(_ row: Statement.Row) throws -> [Int64] { try row.values.map { try Money(parsing: $0, field: "value").fen } }
        let lines = trial.rows.filter { !$0.key.hasSuffix(":subtotal") && !$0.key.hasSuffix(":rollup") && $0.key != "total" }
        let total = try #require(trial.rows.first { $0.key == "total" })
        let sums = try lines.reduce([Int64](repeating: 0, count: 6)) { sums, row in zip(sums, try fen(row)).map { $0 + $1 } }
        #expect(try fen(total) == sums, "the total counts a subtotal")
        for subtotal in trial.rows where subtotal.key.hasSuffix(":subtotal") {
            let account = String(subtotal.key.dropLast(":subtotal".count))
            let members = lines.filter { $0.key == account || $0.key.hasPrefix(account + ":") }
            #expect(members.contains { $0.key.hasPrefix(account + ":") })
            let memberSums = try members.reduce([Int64](repeating: 0, count: 6)) { sums, row in zip(sums, try fen(row)).map { $0 + $1 } }
            #expect(try fen(subtotal) == memberSums, "\(subtotal.key)")
        }
    }

    @Test func sampleYearTiesOutBeforeAndAfterItsRun() async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool()
            let ledger = Ledger(pool: pool, logger: .init(label: "test"), actor: .system)
            _ = try await SampleCooperative.load(into: ledger)
            try await expectStatementsTieOut(ledger, coop: SampleCooperative.code, year: SampleCooperative.year)
            // Hand-checked figures of the sample year (see the demo's distribution).
            let surplus = try await report(ledger, .surplus, year: 2026, coop: SampleCooperative.code)
            #expect(surplus.amount("operating_revenue") == Money(fen: 213_500_000))
            #expect(surplus.amount("surplus") == Money(fen: 103_220_000))
            let sheet = try await report(ledger, .balanceSheet, year: 2026, coop: SampleCooperative.code)
            #expect(sheet.amount("share_capital", column: "closing") == Money(fen: 60_000_000))
            // With the opening's 2,000.00 of cash (2024-12-31).
            #expect(sheet.amount("total_assets", column: "closing") == Money(fen: 232_440_630))
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
                    _ = try await fixture.ledger.post(
                        try JournalEntry(
                            key: "r\(index)", date: LedgerFixture.day("2026-0\(Int.random(in: 1...9, using: &generator))-15"), memo: "random",
                            lines: [
                                .debit(try AccountCode(parsing: debit, field: "a"), amount), .credit(try AccountCode(parsing: credit, field: "a"), amount),
                            ]), to: fixture.coop)
                }
                for member in Int32(1)...3 {
                    _ = try await fixture.ledger.contribute(
                        member: MemberNumber(member), amount: Money(fen: Int64.random(in: 1...9_000_000, using: &generator)), source: .other,
                        date: LedgerFixture.day("2026-01-02"), key: try ClientKey("cap\(member)"), in: fixture.coop)
                    let corn = try Purchase(
                        member: MemberNumber(member), product: "corn", quantity: Weight(grams: Int64.random(in: 1...9_000_000, using: &generator)),
                        marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 26_000), priceDate: LedgerFixture.day("2026-10-01"), priceSource: "m",
                        premium: BasisPoints(500))
                    _ = try await fixture.ledger.purchase(
                        corn, date: LedgerFixture.day("2026-10-02"), key: try ClientKey("corn\(member)"), paidAtOnce: member == 1, in: fixture.coop)
                }
                // Households: a non-member who sells and works, random monthly payrolls, some paid.
                let (household, _) = try await fixture.ledger.addHousehold(try HouseholdDetails(name: "外户", poverty: .monitored), in: fixture.coop)
                let slip = try Purchase(
                    seller: .household(household), product: "corn", quantity: Weight(grams: Int64.random(in: 1...9_000_000, using: &generator)),
                    marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 26_000), priceDate: LedgerFixture.day("2026-10-01"), priceSource: "m",
                    premium: BasisPoints(500))
                _ = try await fixture.ledger.purchase(
                    slip, date: LedgerFixture.day("2026-10-03"), key: try ClientKey("corn-h"), paidAtOnce: Bool.random(using: &generator), in: fixture.coop)
                for month in 1...Int.random(in: 1...9, using: &generator) {
                    let payees: [Payee] = [.member(MemberNumber(Int32.random(in: 1...3, using: &generator))), .household(household)]
                    let payroll = try Payroll(
                        month: try CalendarMonth(year: 2026, month: month),
                        lines: try payees.map {
                            try PayrollLine(payee: $0, amount: Money(fen: Int64.random(in: 1...500_000, using: &generator)))
                        })
                    _ = try await fixture.ledger.postPayroll(payroll, key: try ClientKey("payroll-\(month)"), in: fixture.coop)
                    if Bool.random(using: &generator) {
                        _ = try await fixture.ledger.payPayroll(
                            month: payroll.month, date: payroll.month.lastDay, key: try ClientKey("paid-\(month)"), in: fixture.coop)
                    }
                }
                try await expectStatementsTieOut(fixture.ledger, coop: fixture.coop, year: 2026)
                let run = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
                try await expectStatementsTieOut(fixture.ledger, coop: fixture.coop, year: 2026)
                try await expectNextYearOpensAtThisYearsClose(fixture, run: run)
                var request = ReportRequest(name: .benefits)
                request.year = 2026
                let benefits = try await fixture.ledger.benefits(request, today: LedgerFixture.day("2026-12-31"), in: fixture.coop)
                try HouseholdBenefitsTests.expectChannelsTieToTheLedger(benefits, fixture: fixture, coop: fixture.coop)
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
            #expect(zh.json.rendered.contains(#""key":"share_capital","label":"股金","line":34,"opening":"0.00","closing":"1234.56""#))
            // Two-sided: 资产 on the left, 负债和所有者权益 on the right of the same rows.
            #expect(html.contains("<th>资产</th><th class=\"line\">行次</th><th>年初数</th><th>年末数</th><th>负债和所有者权益</th>"))
            #expect(html.contains("货币资金</td><td class=\"line\">1</td>"))
        }
    }

    /// Converts member 1's share of the run into capital in the next year, then checks
    /// 01's 年初数 of the next year against this year's 年末数, and that 02's 其中 line of the
    /// closed year stays as it was (a conversion in the next year is that year's 03's).
    func expectNextYearOpensAtThisYearsClose(_ fixture: LedgerFixture, run: StoredRun) async throws {
        let share = try #require(run.distribution.members.first { $0.member == MemberNumber(1) })
        let converted = Money(fen: share.patronageRefund.fen + share.capitalDistribution.fen)
        _ = try await fixture.ledger.payDistribution(
            year: 2026, member: MemberNumber(1), date: LedgerFixture.day("2027-01-15"), convertToCapital: true, in: fixture.coop)
        _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c2027", member: 2, fen: 777, date: "2027-02-01"), to: fixture.coop)
        let surplus = try await report(fixture.ledger, .surplus, year: 2026, coop: fixture.coop)
        #expect(surplus.amount("converted_into_capital") == .zero)
        #expect(
            surplus.amount("undistributed_at_year_end")
                == Money(
                    fen: run.distribution.distributable.fen
                        - run.distribution.patronageDistributed.fen - run.distribution.capitalDistributed.fen), "转为成员出资 subtracted twice")

        let year = try await report(fixture.ledger, .balanceSheet, year: 2026, coop: fixture.coop)
        let next = try await report(fixture.ledger, .balanceSheet, year: 2027, coop: fixture.coop)
        #expect(year.rows.count == next.rows.count)
        for (this, following) in zip(year.rows, next.rows) where !this.key.isEmpty {
            #expect(following.values.first == this.values.last, "\(this.key): 年初数 2027 ≠ 年末数 2026")
        }
        let equity = try await report(fixture.ledger, .equityChanges, year: 2027, coop: fixture.coop)
        #expect(equity.amount("member_contributions", column: 0) == Money(fen: converted.fen + 777), "capital from the run and a contribution")
        try await expectStatementsTieOut(fixture.ledger, coop: fixture.coop, year: 2027)
    }

    @Test func trialBalanceSubtotalsAddUpAndTotalsLeaveThemOut() async throws {
        try await LedgerFixture.with { fixture in
            for (key, member, fen) in [("a", Int32(1), Int64(10_000)), ("b", 2, 20_050), ("c", 3, 5)] {
                _ = try await fixture.ledger.post(try LedgerFixture.capital(key: key, member: member, fen: fen), to: fixture.coop)
            }
            _ = try await fixture.ledger.post(
                try JournalEntry(
                    key: "cash", date: LedgerFixture.day("2026-03-02"), memo: "cash",
                    lines: [
                        .debit(AccountCode("101"), Money(fen: 300)), .credit(AccountCode("102"), Money(fen: 300)),
                    ]), to: fixture.coop)
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: LedgerFixture.day("2026-12-31"))
            let subtotal = try #require(balance.rows.first { $0.isSubtotal })
            #expect(subtotal.account == AccountCode("301") && subtotal.member == nil && subtotal.credit == Money(fen: 30_055))
            #expect(balance.rows.filter(\.isSubtotal).count == 1, "only accounts with member lines get a subtotal")
            #expect(balance.totalCredit == Money(fen: 30_055) && balance.totalDebit == balance.totalCredit, "a subtotal counted in the totals")
            let json = balance.json.rendered
            #expect(json.contains(#"{"code":"301","name":"股金","member":null,"debit":"0.00","credit":"300.55","subtotal":true}"#))
            #expect(json.contains(#""totals":{"debit":"300.55","credit":"300.55"}"#))
            #expect(balance.csv.contains("股金 小计 subtotal"))
            let trial = try await report(fixture.ledger, .trialBalance, year: 2026, coop: fixture.coop)
            try expectSubtotalsAddUp(trial)
            #expect(trial.rendered(as: .html).contains("301 股金 小计"))
        }
    }

    @Test func ledgerOfOneMemberHasMonthAndYearToDateTotals() async throws {
        try await LedgerFixture.with { fixture in
            let bookings: [(String, Int32, Int64, String)] = [
                ("p1", 1, 1_000, "2025-12-01"), ("p2", 2, 2_000, "2025-12-02"), ("a", 2, 10_000, "2026-01-05"), ("b", 1, 99_999, "2026-01-06"),
                ("c", 2, 2_500, "2026-01-20"), ("d", 2, 300, "2026-03-09"), ("e", 3, 7, "2026-03-10"),
            ]
            for (key, member, fen, date) in bookings {
                _ = try await fixture.ledger.post(try LedgerFixture.capital(key: key, member: member, fen: fen, date: date), to: fixture.coop)
            }
            let ledger = try await report(fixture.ledger, ledgerOf: "301", member: 2, year: 2026, coop: fixture.coop)
            #expect(ledger.title.contains("成员2"))
            let postings = ledger.rows.filter { $0.key.isEmpty }
            #expect(postings.count == 3 && postings.allSatisfy { $0.values[1] == "2" }, "another member's postings are listed")
            func value(_ key: String, _ column: String) -> Money? { ledger.amount(key, column: column) }
            #expect(ledger.rows.first?.label == "上年结转" && value("opening", "balance") == Money(fen: -2_000))
            #expect(value("month_total:01", "credit") == Money(fen: 12_500) && value("month_total:01", "balance") == Money(fen: -14_500))
            #expect(value("year_to_date:01", "credit") == Money(fen: 12_500))
            #expect(value("month_total:03", "credit") == Money(fen: 300))
            #expect(value("year_to_date:03", "credit") == Money(fen: 12_800) && value("year_to_date:03", "balance") == Money(fen: -14_800))
            #expect(value("closing", "balance") == Money(fen: -14_800))
            #expect(ledger.rows.filter { $0.key.hasPrefix("month_total:") }.count == 2, "a month without postings gets no total")
            let whole = try await report(fixture.ledger, ledgerOf: "301", member: nil, year: 2026, coop: fixture.coop)
            #expect(whole.amount("year_to_date:03", column: "credit") == Money(fen: 10_000 + 99_999 + 2_500 + 300 + 7))
            await #expect(throws: LedgerError.self) { _ = try await report(fixture.ledger, ledgerOf: "301", member: 99, year: 2026, coop: fixture.coop) }
        }
    }
}
