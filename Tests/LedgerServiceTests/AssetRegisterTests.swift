import Foundation
import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// The asset register (issue 26): acquisitions, monthly depreciation to the fen, disposals
/// through 154, and the schedule tying to 01.
@Suite struct AssetRegisterTests {
    static func day(_ text: String) -> Day { LedgerFixture.day(text) }
    static func month(_ text: String) -> CalendarMonth { try! CalendarMonth(parsing: text) }

    static func report(_ ledger: Ledger, _ name: ReportName, year: Int, in coop: CoopCode) async throws -> Statement {
        var request = ReportRequest(name: name)
        request.year = year
        return try await ledger.report(request, of: coop, today: try Day.lastDay(ofYear: year))
    }

    /// The case: 120,000.00 bought 2026-01-15, ten years, 6,000.00 salvage.
    @Test func aBarnDepreciates950AMonthFromFebruary() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            let barn = try Asset(
                assetClass: .fixed, name: "猪舍", cost: Money(fen: 12_000_000), salvage: Money(fen: 600_000),
                acquiredOn: Self.day("2026-01-15"), lifeMonths: 120)
            let (number, created) = try await ledger.addAsset(barn, key: try ClientKey("barn"), in: fixture.coop)
            #expect(number == 1 && created == .created)
            #expect(try await ledger.addAsset(barn, key: try ClientKey("barn"), in: fixture.coop).outcome == .alreadyPresent)

            // Nothing is due in the month it was bought; months go in order; a month closes once depreciated.
            #expect(try await ledger.depreciate(month: Self.month("2026-01"), in: fixture.coop) == nil)
            await #expect { _ = try await ledger.depreciate(month: Self.month("2026-03"), in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .periodOrder && ($0 as? LedgerError)?.value == "2026-02"
            }
            await #expect { _ = try await ledger.closeMonth(Self.month("2026-02"), of: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .periodOrder }

            var first: EntryID?
            for month in 2...12 {
                let outcome = try #require(try await ledger.depreciate(month: try CalendarMonth(year: 2026, month: month), in: fixture.coop))
                if month == 2 { first = outcome.entryID }
            }
            // Running a month twice posts once.
            #expect(try await ledger.depreciate(month: Self.month("2026-02"), in: fixture.coop) == .replayed(try #require(first)))
            let record = try #require(try await ledger.assets(of: fixture.coop).first)
            #expect(record.depreciation.count == 11 && record.depreciation.allSatisfy { $0.amount == Money(fen: 95_000) })

            let sheet = try await Self.report(ledger, .balanceSheet, year: 2026, in: fixture.coop)
            #expect(sheet.amount("fixed_assets_depreciation", column: "closing") == Money(fen: 1_045_000))
            #expect(sheet.amount("fixed_assets_net", column: "closing") == Money(fen: 10_955_000))
            let schedule = try await Self.report(ledger, .assets, year: 2026, in: fixture.coop)
            #expect(schedule.amount("fixed", column: "closing_net") == Money(fen: 10_955_000))
            #expect(schedule.amount("fixed", column: "depreciation") == Money(fen: 1_045_000))
            #expect(schedule.notes.isEmpty)
            let indicators = try await Self.report(ledger, .indicators, year: 2026, in: fixture.coop)
            #expect(indicators.rows.first { $0.key == "fixed_assets_net" }?.values.first == "109550.00")

            // The register's entries are not reversed on their own.
            await #expect { _ = try await ledger.reverse(try #require(first), date: Self.day("2026-12-31"), key: "undo", in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .notReversible
            }
        }
    }

    /// A fixed asset leaves through 154 with nothing left there; part of a breeding batch
    /// leaves by head count, and what is left depreciates over the months left.
    @Test func disposalsLeaveNothingIn154AndABatchGoesByHeadCount() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            let mill = try Asset(
                assetClass: .fixed, name: "饲料加工设备", cost: Money(fen: 3_600_000), acquiredOn: Self.day("2026-01-10"),
                lifeMonths: 60, expenseAccount: AccountCode("401"))
            let sows = try Asset(
                assetClass: .breeding, name: "母猪", cost: Money(fen: 900_000), salvage: Money(fen: 90_000),
                acquiredOn: Self.day("2026-01-20"), lifeMonths: 36, headCount: 30, source: .bank)
            _ = try await ledger.addAsset(mill, key: try ClientKey("mill"), in: fixture.coop)
            _ = try await ledger.addAsset(sows, key: try ClientKey("sows"), in: fixture.coop)
            for month in 2...6 { _ = try await ledger.depreciate(month: try CalendarMonth(year: 2026, month: month), in: fixture.coop) }

            // Not depreciated through June: a July disposal waits for it.
            await #expect {
                _ = try await ledger.disposeAsset(
                    1, date: Self.day("2026-08-01"), count: nil, proceeds: .zero, reason: .scrapped, key: try ClientKey("early"), in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .periodOrder }
            // The mill, 5 × 600.00 depreciated, sold for 34,000.00: a gain of 1,000.00 through 154.
            _ = try await ledger.disposeAsset(
                1, date: Self.day("2026-07-05"), count: nil, proceeds: Money(fen: 3_400_000), reason: .sold, key: try ClientKey("sell-mill"), in: fixture.coop)
            // Ten sows culled for 2,000.00: a third of the batch's cost and depreciation.
            _ = try await ledger.disposeAsset(
                2, date: Self.day("2026-07-05"), count: 10, proceeds: Money(fen: 200_000), reason: .culled, key: try ClientKey("cull"), in: fixture.coop)
            #expect(
                try await ledger.disposeAsset(
                    2, date: Self.day("2026-07-05"), count: 10, proceeds: Money(fen: 200_000), reason: .culled, key: try ClientKey("cull"), in: fixture.coop)
                    == .replayed(
                        try #require(try await fixture.ledger.entries(of: fixture.coop, after: EntryID(0), limit: 100).last { $0.entry.kind == .assetDisposal })
                            .id))
            for month in 7...12 { _ = try await ledger.depreciate(month: try CalendarMonth(year: 2026, month: month), in: fixture.coop) }

            let balances = try await ledger.trialBalance(of: fixture.coop, asOf: Self.day("2026-12-31"))
            func balance(_ code: String) -> Int64 { balances.lines.filter { $0.account.rawValue == code }.reduce(0) { $0 + $1.balance.fen } }
            #expect(balance("154") == 0)
            #expect(balance("151") == 0 && balance("152") == 0)
            #expect(balance("502") == -100_000)
            let record = try #require(try await ledger.assets(of: fixture.coop).last)
            let left = record.left()
            #expect(left.heads == 20 && left.cost == Money(fen: 600_000) && left.salvage == Money(fen: 60_000))
            // 5 months of 22,500.00 before; then (cost 6,000 − salvage 600 − 750 taken) over the 31 months left.
            #expect(record.depreciation.first?.amount == Money(fen: 22_500))
            #expect(record.depreciation.last?.amount == Money(fen: (600_000 - 60_000 - 75_000) / 31))
            #expect(balance("142") == left.cost.fen && balance("143") == -left.depreciation.fen)
            #expect(left.net >= left.salvage)
            let schedule = try await Self.report(ledger, .assets, year: 2026, in: fixture.coop)
            #expect(schedule.notes.isEmpty)
            #expect(schedule.amount("breeding", column: "closing_net") == left.net)
        }
    }

    /// Random registers over three years: the schedule's closing equals 01, depreciation
    /// never takes net value below salvage, nothing is left in 154, and an asset run to its
    /// end has taken exactly cost less salvage.
    @Test(arguments: Array(UInt64(1)...8)) func randomRegistersTieToTheBalanceSheet(seed: UInt64) async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            var generator = SeededGenerator(seed: seed)
            for index in 1...8 {
                let breeding = Bool.random(using: &generator)
                let life = Int.random(in: 3...30, using: &generator)
                let cost = Int64.random(in: 100_000...50_000_000, using: &generator)
                let asset = try Asset(
                    assetClass: breeding ? .breeding : .fixed, name: "资产\(index)", cost: Money(fen: cost),
                    salvage: Money(fen: Int64.random(in: 0...(cost / 10), using: &generator)),
                    acquiredOn: try Day(year: 2025, month: Int.random(in: 1...3, using: &generator), day: 1 + index),
                    lifeMonths: life, headCount: breeding ? Int.random(in: 2...40, using: &generator) : 1,
                    expenseAccount: AccountCode(Bool.random(using: &generator) ? "401" : "523"))
                _ = try await ledger.addAsset(asset, key: try ClientKey("asset-\(index)"), in: fixture.coop)
            }
            var month = Self.month("2025-02")
            while month <= Self.month("2027-12") {
                // Now and then a disposal at the start of a month, of part of a batch or all of an asset.
                if Int.random(in: 0..<6, using: &generator) == 0 {
                    let records = try await ledger.assets(of: fixture.coop).filter { !$0.left().isGone && $0.asset.acquiredOn < month.firstDay }
                    if let record = records.randomElement(using: &generator) {
                        let heads = record.left().heads
                        _ = try await ledger.disposeAsset(
                            record.number, date: month.firstDay, count: Int.random(in: 1...heads, using: &generator),
                            proceeds: Money(fen: Int64.random(in: 0...1_000_000, using: &generator)), reason: .sold,
                            key: try ClientKey("dispose-\(month)"), in: fixture.coop)
                    }
                }
                _ = try await ledger.depreciate(month: month, in: fixture.coop)
                month = try month.next()
            }
            for year in 2025...2027 {
                let sheet = try await Self.report(ledger, .balanceSheet, year: year, in: fixture.coop)
                let schedule = try await Self.report(ledger, .assets, year: year, in: fixture.coop)
                #expect(schedule.notes.isEmpty, "\(year) \(schedule.notes)")
                #expect(schedule.amount("fixed", column: "closing_cost") == sheet.amount("fixed_assets_cost", column: "closing"))
                #expect(schedule.amount("fixed", column: "closing_depreciation") == sheet.amount("fixed_assets_depreciation", column: "closing"))
                #expect(schedule.amount("breeding", column: "closing_net") == sheet.amount("productive_biological_assets_net", column: "closing"))
                #expect(sheet.amount("fixed_assets_disposal", column: "closing") == .zero)
            }
            for record in try await ledger.assets(of: fixture.coop) {
                let left = record.left()
                #expect(left.net >= left.salvage, "A\(record.number)")
                if record.disposals.isEmpty, record.depreciation.count == record.asset.lifeMonths {
                    #expect(left.depreciation.fen == record.asset.cost.fen - record.asset.salvage.fen, "A\(record.number)")
                }
            }
        }
    }

    /// A cooperative moving in brings its register with its opening (issue 26, part 5): the
    /// opening carries the barn's cost and depreciation, the register goes on from there.
    @Test func anOpeningBringsItsRegisterIn() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.postOpening(
                try OpeningBalances(
                    date: Self.day("2025-12-31"),
                    lines: [
                        .init(line: 2, account: AccountCode("151"), member: nil, amount: Money(fen: 10_000_000), capitalSource: nil, shareKind: nil),
                        .init(line: 3, account: AccountCode("152"), member: nil, amount: Money(fen: -2_000_000), capitalSource: nil, shareKind: nil),
                        .init(line: 4, account: .shareCapital, member: MemberNumber(1), amount: Money(fen: -8_000_000), capitalSource: .other, shareKind: nil),
                    ]), in: fixture.coop)
            let entries = try fixture.entryCount()
            let barn = try Asset(
                assetClass: .fixed, name: "旧猪舍", cost: Money(fen: 10_000_000), salvage: Money(fen: 400_000),
                acquiredOn: Self.day("2023-12-10"), lifeMonths: 120, source: .opening,
                broughtIn: Asset.BroughtIn(on: Self.day("2023-12-10"), depreciation: Money(fen: 2_000_000), months: 24))
            _ = try await ledger.addAsset(barn, key: try ClientKey("old-barn"), in: fixture.coop)
            #expect(try fixture.entryCount() == entries, "the opening carries it: no entry of its own")
            #expect(try await ledger.depreciate(month: Self.month("2025-12"), in: fixture.coop) == nil)
            _ = try #require(try await ledger.depreciate(month: Self.month("2026-01"), in: fixture.coop))
            let record = try #require(try await ledger.assets(of: fixture.coop).first)
            // (100,000 − 4,000 − 20,000) over the 96 months left.
            #expect(record.depreciation.first?.amount == Money(fen: 7_600_000 / 96))
            #expect(record.monthsDepreciated == 25 && record.asset.broughtIn?.on == Self.day("2025-12-31"))
            let schedule = try await Self.report(ledger, .assets, year: 2026, in: fixture.coop)
            #expect(schedule.notes.isEmpty)
            #expect(schedule.amount("fixed", column: "opening_depreciation") == Money(fen: 2_000_000))
            #expect(schedule.amount("fixed", column: "closing_depreciation") == Money(fen: 2_000_000 + 7_600_000 / 96))
        }
    }

    /// Construction in progress (153) becomes a fixed asset when it is finished.
    @Test func constructionFinishedEntersTheRegisterFrom153() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.bookConstruction(
                amount: Money(fen: 5_000_000), date: Self.day("2026-03-10"), memo: "猪舍地基", key: try ClientKey("build-1"), in: fixture.coop)
            _ = try await ledger.bookConstruction(
                amount: Money(fen: 3_000_000), date: Self.day("2026-05-10"), memo: "猪舍主体", key: try ClientKey("build-2"), in: fixture.coop)
            let barn = try Asset(
                assetClass: .fixed, name: "新猪舍", cost: Money(fen: 8_000_000), acquiredOn: Self.day("2026-06-30"), lifeMonths: 240, source: .construction)
            _ = try await ledger.addAsset(barn, key: try ClientKey("new-barn"), in: fixture.coop)
            let sheet = try await Self.report(ledger, .balanceSheet, year: 2026, in: fixture.coop)
            #expect(sheet.amount("construction_in_progress", column: "closing") == .zero)
            #expect(sheet.amount("fixed_assets_cost", column: "closing") == Money(fen: 8_000_000))
        }
    }

    /// The database holds the register's rules too: append-only, and no depreciation below salvage.
    @Test func theDatabaseRefusesEditsAndDepreciationBelowSalvage() async throws {
        try await LedgerFixture.with { fixture in
            let tool = try Asset(assetClass: .fixed, name: "工具", cost: Money(fen: 1_200), acquiredOn: Self.day("2026-01-01"), lifeMonths: 12)
            _ = try await fixture.ledger.addAsset(tool, key: try ClientKey("tool"), in: fixture.coop)
            let entry = try #require(try await fixture.ledger.depreciate(month: Self.month("2026-02"), in: fixture.coop)).entryID
            let connection = try fixture.database.connect(actingAs: "system")
            #expect(throws: PostgresError.self) { try connection.execute(unsafeSQL: "UPDATE assets SET cost = 999999") }
            // A register row comes with its own entry, written with it: not an old one.
            #expect(throws: PostgresError.self) {
                try connection.execute(unsafeSQL: "INSERT INTO asset_depreciation VALUES ('test-coop', 1, '2026-03-01', 100, \(entry.value))")
            }
            #expect(throws: PostgresError.self) {
                try connection.execute(
                    unsafeSQL:
                        "INSERT INTO assets (coop_id, asset_no, client_key, class, name, cost, salvage, acquired_on, life_months, head_count, expense_account, source, entry_id) VALUES ('test-coop', 2, 'k', 'fixed', 'x', 100, 200, '2026-01-01', 12, 1, '401', 'bank', 1)"
                )
            }
        }
    }
}
