import LedgerCore
import LedgerRendering
import LedgerService
import Testing
import TestSupport

@Suite struct DistributionTests {
    func day(_ text: String) -> Day { LedgerFixture.day(text) }

    /// Members 1–3 with capital, corn bought from 1 and 2, pig sales and feed: S = 8,000.00.
    func bookYear(_ fixture: LedgerFixture) async throws {
        let ledger = fixture.ledger
        let coop = fixture.coop
        for (member, fen) in [(Int32(1), Int64(300_000)), (2, 100_000), (3, 600_000)] {
            _ = try await ledger.contribute(
                member: MemberNumber(member), amount: Money(fen: fen), source: .other, date: day("2026-01-10"), key: try ClientKey("cap-\(member)"), in: coop)
        }
        for (member, kg) in [(Int32(1), "1000"), (2, "3000")] {
            let corn = try Purchase(
                member: MemberNumber(member), product: "corn", quantity: Weight(parsingKilograms: kg, field: "q"),
                marketPrice: UnitPrice(parsingYuanPerKilogram: "2", field: "p"), priceDate: day("2026-09-01"),
                priceSource: "market", premium: BasisPoints(500))
            _ = try await ledger.purchase(corn, date: day("2026-09-02"), key: try ClientKey("corn-\(member)"), paidAtOnce: member == 1, in: coop)
        }
        _ = try await ledger.post(
            try JournalEntry(
                key: "sales", date: day("2026-11-01"), memo: "pigs",
                lines: [
                    .debit(AccountCode("102"), Money(fen: 1_000_000)), .credit(AccountCode("501"), Money(fen: 1_000_000)),
                ]), to: coop)
        _ = try await ledger.post(
            try JournalEntry(
                key: "feed", date: day("2026-11-02"), memo: "feed",
                lines: [
                    .debit(AccountCode("521"), Money(fen: 200_000)), .credit(AccountCode("102"), Money(fen: 200_000)),
                ]), to: coop)
    }

    @Test func previewEqualsWhatPostWritesAndTheBooksTieOut() async throws {
        try await LedgerFixture.with { fixture in
            try await bookYear(fixture)
            let preview = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop)
            #expect(preview.surplus == Money(fen: 800_000))
            // Patronage 2,100.00 and 6,300.00 of corn: 1:3.
            #expect(preview.members.map(\.patronageWeight) == [Money(fen: 210_000), Money(fen: 630_000), .zero])
            let entriesBefore = try fixture.entryCount()
            #expect(try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop) == preview)
            #expect(try fixture.entryCount() == entriesBefore)

            let run = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
            #expect(run.distribution == preview)
            #expect(try await fixture.ledger.postedDistribution(year: 2026, in: fixture.coop) == run)

            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: day("2026-12-31"))
            #expect(balance.isBalanced)
            func total(_ code: String) -> Money { Money(fen: balance.lines.filter { $0.account.rawValue == code }.reduce(0) { $0 - $1.balance.fen }) }
            #expect(total("221") == preview.patronagePool)
            #expect(total("222") == preview.capitalPool)
            #expect(total("322") == preview.reserve)
            #expect(total("33202") == preview.undistributed)
            #expect(!balance.lines.contains { ["331", "33201", "501", "521"].contains($0.account.rawValue) })
            // After the run, the preview reads the same figures: the close is not income.
            #expect(try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop).surplus == preview.surplus)
        }
    }

    @Test func yearIsPostedOnceAndClosedAfterwards() async throws {
        try await LedgerFixture.with { fixture in
            try await bookYear(fixture)
            let run = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
            do {
                _ = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
                Issue.record("posted twice")
            } catch let error as LedgerError {
                #expect(error.rule.contains("run \(run.id)"))
            }
            await #expect(throws: LedgerError.self) {
                try await fixture.ledger.post(try LedgerFixture.capital(key: "late", member: 1, fen: 100, date: "2026-12-31"), to: fixture.coop)
            }
        }
    }

    @Test func concurrentPostsOfOneYearLetExactlyOneSucceed() async throws {
        try await LedgerFixture.with { fixture in
            try await bookYear(fixture)
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask { (try? await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)) != nil }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
        }
    }

    @Test func reversalReopensTheYearAndACorrectedRunUsesTheNewSettings() async throws {
        try await LedgerFixture.with { fixture in
            try await bookYear(fixture)
            let before = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: day("2026-12-31"))
            let first = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
            let reversed = try await fixture.ledger.reverseDistribution(year: 2026, in: fixture.coop)
            #expect(reversed.id == first.id)
            let after = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: day("2026-12-31"))
            #expect(after.lines == before.lines)
            await #expect(throws: LedgerError.self) { try await fixture.ledger.reverseDistribution(year: 2026, in: fixture.coop) }

            let settings = try DistributionSettings(
                charter: CharterSettings(reserveRate: BasisPoints(2_000), patronageShare: BasisPoints(7_000), capitalShare: BasisPoints(3_000)))
            try await fixture.ledger.updateDistributionSettings(settings, in: fixture.coop)
            let corrected = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
            #expect(corrected.id != first.id)
            #expect(corrected.distribution.reserve == Money(fen: 160_000))
            #expect(first.distribution.settings.charter.reserveRate == BasisPoints(1_000))
        }
    }

    @Test func refundsArePaidOrConvertedIntoCapitalOncePerMember() async throws {
        try await LedgerFixture.with { fixture in
            try await bookYear(fixture)
            let run = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
            let share2 = try #require(run.distribution.members.first { $0.member == MemberNumber(2) })
            let converted = try await fixture.ledger.payDistribution(
                year: 2026, member: MemberNumber(2), date: day("2027-01-15"), convertToCapital: true, in: fixture.coop)
            #expect(converted.posted.count == 1)
            let paid = try await fixture.ledger.payDistribution(year: 2026, member: nil, date: day("2027-01-20"), convertToCapital: false, in: fixture.coop)
            #expect(paid.posted.count == 2)
            let again = try await fixture.ledger.payDistribution(
                year: 2026, member: MemberNumber(1), date: day("2027-01-20"), convertToCapital: false, in: fixture.coop)
            #expect(again.alreadyPosted == 1)
            await #expect(throws: LedgerError.self) {
                try await fixture.ledger.payDistribution(year: 2026, member: MemberNumber(1), date: day("2027-01-20"), convertToCapital: true, in: fixture.coop)
            }
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(!balance.lines.contains { $0.account.rawValue == "221" || $0.account.rawValue == "222" })
            let account = try await fixture.ledger.memberAccount(MemberNumber(2), year: 2027, in: fixture.coop)
            #expect(account.capitalOther == Money(fen: 100_000 + share2.patronageRefund.fen + share2.capitalDistribution.fen))
            // With refunds paid, the run can no longer be reversed silently.
            await #expect(throws: LedgerError.self) { try await fixture.ledger.reverseDistribution(year: 2026, in: fixture.coop) }
        }
    }

    @Test func memberAccountExplainsTheShares() async throws {
        try await LedgerFixture.with { fixture in
            try await bookYear(fixture)
            let preview = try await fixture.ledger.memberAccount(MemberNumber(2), year: 2026, in: fixture.coop)
            #expect(preview.distributionRun == nil)
            let run = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
            let account = try await fixture.ledger.memberAccount(MemberNumber(2), year: 2026, in: fixture.coop)
            #expect(account.distributionRun == run.id)
            #expect(account.distributionShare == preview.distributionShare)
            #expect(account.patronageRefund == account.distributionShare?.patronageRefund)
            let text = account.text(showID: false)
            #expect(text.contains("\(run.distribution.patronagePool) × 6300.00 / 8400.00 = \(account.patronageRefund)"))
        }
    }

    @Test func randomBooksPreviewEqualsPost() async throws {
        var generator = SeededGenerator(seed: 42)
        for round in 0..<3 {
            try await LedgerFixture.with { fixture in
                for member in Int32(4)...12 {
                    _ = try await fixture.ledger.addMember(try Member(number: MemberNumber(member), name: "成员\(member)"), to: fixture.coop)
                }
                for member in Int32(1)...12 where Bool.random(using: &generator) {
                    _ = try await fixture.ledger.contribute(
                        member: MemberNumber(member), amount: Money(fen: Int64.random(in: 1...5_000_000, using: &generator)),
                        source: .other, date: day("2026-02-01"), key: try ClientKey("c\(member)"), in: fixture.coop)
                }
                for slip in 0..<Int.random(in: 1...15, using: &generator) {
                    let corn = try Purchase(
                        member: MemberNumber(Int32.random(in: 1...12, using: &generator)), product: "corn",
                        quantity: Weight(grams: Int64.random(in: 1...9_000_000, using: &generator)),
                        marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: Int64.random(in: 1...50_000, using: &generator)),
                        priceDate: day("2026-09-01"), priceSource: "m", premium: BasisPoints(Int32.random(in: 0...2_000, using: &generator)))
                    _ = try await fixture.ledger.purchase(
                        corn, date: day("2026-09-02"), key: try ClientKey("s\(slip)"), paidAtOnce: Bool.random(using: &generator), in: fixture.coop)
                }
                let sales = Money(fen: Int64.random(in: -1_000_000...900_000_000, using: &generator))
                _ = try await fixture.ledger.post(
                    try JournalEntry(
                        key: "sales", date: day("2026-11-01"), memo: "r\(round)",
                        lines: [
                            .debit(AccountCode("102"), Money(fen: abs(sales.fen) + 1)),
                            .credit(AccountCode(sales.fen < 0 ? "502" : "501"), Money(fen: abs(sales.fen) + 1)),
                        ]), to: fixture.coop)
                let preview = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop)
                let run = try await fixture.ledger.postDistribution(year: 2026, in: fixture.coop)
                #expect(run.distribution == preview)
                let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
                #expect(balance.isBalanced)
                #expect(Money(fen: -balance.lines.filter { $0.account.rawValue == "221" }.reduce(0) { $0 + $1.balance.fen }) == preview.patronageDistributed)
            }
        }
    }
}
