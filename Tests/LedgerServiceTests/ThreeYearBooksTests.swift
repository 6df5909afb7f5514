import LedgerCore
import LedgerRendering
import LedgerService
import Testing
import TestSupport

/// Random books over three years (seeded): sales and purchases with members, subsidies and
/// donations, reserve converted into capital, a loss year now and then, each year closed in
/// order by its run. Every closed year must tie out, the next year must open where it
/// closed, and the members' shares must add up to the quantified parts of 322 and 311.
extension StatementTests {
    @Test(arguments: [UInt64(7), 42, 2026])
    func randomThreeYearBooksTieOutEveryYear(seed: UInt64) async throws {
        try await LedgerFixture.with { fixture in
            var generator = SeededGenerator(seed: seed)
            let ledger = fixture.ledger
            let members = (Int32(1)...3).map(MemberNumber.init)
            func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) throws -> Day { try Day(year: year, month: month, day: dayOfMonth) }
            func fen(_ range: ClosedRange<Int64>) -> Money { Money(fen: Int64.random(in: range, using: &generator)) }

            for year in 2025...2027 {
                for member in members {
                    _ = try await ledger.contribute(
                        member: member, amount: fen(1...5_000_000), source: Bool.random(using: &generator) ? .other : .povertyAlleviationAssets,
                        date: try day(year, 1, 5), key: try ClientKey("cap-\(year)-\(member)"), in: fixture.coop)
                    let corn = try Purchase(
                        member: member, product: "corn", quantity: Weight(grams: Int64.random(in: 1_000...5_000_000, using: &generator)),
                        marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 26_000), priceDate: try day(year, 9, 1), priceSource: "m",
                        premium: BasisPoints(500))
                    _ = try await ledger.purchase(
                        corn, date: try day(year, 9, 2), key: try ClientKey("corn-\(year)-\(member)"), paidAtOnce: Bool.random(using: &generator),
                        in: fixture.coop)
                    if Bool.random(using: &generator) {
                        let sale = try Sale(
                            member: member, product: "feed", quantity: Weight(grams: Int64.random(in: 1_000...900_000, using: &generator)),
                            price: UnitPrice(tenThousandthsOfYuanPerKilogram: 31_000))
                        _ = try await ledger.sell(
                            sale, date: try day(year, 5, 3), key: try ClientKey("sale-\(year)-\(member)"), paidAtOnce: false, in: fixture.coop)
                    }
                }
                // A loss year now and then: revenue below the costs.
                let revenue = fen(0...30_000_000)
                if !revenue.isZero {
                    _ = try await ledger.post(
                        try JournalEntry(
                            key: "sales-\(year)", date: try day(year, 6, 30), memo: "pigs",
                            lines: [
                                .debit(.bankDeposits, revenue), .credit(.operatingRevenue, revenue),
                            ]), to: fixture.coop)
                }
                let expenses = fen(1...12_000_000)
                _ = try await ledger.post(
                    try JournalEntry(
                        key: "costs-\(year)", date: try day(year, 7, 1), memo: "feed",
                        lines: [
                            .debit(.operatingExpenses, expenses), .credit(.bankDeposits, expenses),
                        ]), to: fixture.coop)
                let subsidy = try Subsidy(
                    amount: fen(1...9_000_000), source: Bool.random(using: &generator) ? .state : .donation,
                    quantification: Bool.random(using: &generator) ? .equal : .capital)
                _ = try await ledger.addSubsidy(subsidy, date: try day(year, 4, 1), key: try ClientKey("subsidy-\(year)"), in: fixture.coop)
                // Part of a member's reserve share, when they have one, into their capital.
                let shares = try await ledger.trialBalance(of: fixture.coop, asOf: nil).lines.filter { $0.account == .surplusReserve && $0.member != nil }
                if let share = shares.first, share.credit.fen > 1 {
                    let part = Money(fen: share.credit.fen / 2)
                    _ = try await ledger.post(
                        try JournalEntry(
                            key: "convert-\(year)", date: try day(year, 3, 1), memo: "公积金转增股金",
                            lines: [
                                .debit(.surplusReserve, member: share.member, part), .credit(.shareCapital, member: share.member, part),
                            ]), to: fixture.coop)
                }

                let run = try await ledger.postDistribution(year: year, in: fixture.coop)
                try await expectStatementsTieOut(ledger, coop: fixture.coop, year: year)
                if year > 2025 {
                    let previous = try await report(ledger, .balanceSheet, year: year - 1, coop: fixture.coop)
                    let sheet = try await report(ledger, .balanceSheet, year: year, coop: fixture.coop)
                    for row in sheet.rows where !row.key.isEmpty {
                        #expect(sheet.amount(row.key, column: "opening") == previous.amount(row.key, column: "closing"), "\(year) \(row.key)")
                    }
                }
                let surplus = try await report(ledger, .surplus, year: year, coop: fixture.coop)
                let sheet = try await report(ledger, .balanceSheet, year: year, coop: fixture.coop)
                #expect(surplus.amount("undistributed_at_year_end") == sheet.amount("undistributed_surplus", column: "closing"), "\(year)")
                #expect(surplus.amount("surplus") == run.distribution.surplus)

                // The members' shares are exactly the quantified parts of 322 and 311.
                let balance = try await ledger.trialBalance(of: fixture.coop, asOf: try Day.lastDay(ofYear: year)).lines
                var reserve: Int64 = 0, subsidies: Int64 = 0, quantified322: Int64 = 0, quantified311: Int64 = 0
                for member in members {
                    let account = try await ledger.memberAccount(member, year: year, in: fixture.coop)
                    reserve += account.reserveShare.fen
                    subsidies += account.subsidyShare.fen + account.donationShare.fen
                }
                for line in balance where line.member != nil {
                    if line.account == .surplusReserve { quantified322 -= line.balance.fen }
                    if line.account == .specialFunds { quantified311 -= line.balance.fen }
                }
                #expect(reserve == quantified322, "\(year) 322")
                #expect(subsidies == quantified311, "\(year) 311")
            }
        }
    }
}
