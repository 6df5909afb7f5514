import Foundation
import LedgerCore
import Logging
import Testing
import TestSupport

@testable import LedgerService

/// A district's pages keep each cooperative's figures between views (`FigureCache`): a view
/// after no change computes nothing, and after any change to a cooperative's books (an entry,
/// a record) computes that cooperative's again and reads what a ledger with nothing kept reads.
@Suite struct DistrictFiguresTests {
    @Test func aCooperativesFiguresAreKeptUntilItsBooksChange() async throws {
        try await LedgerFixture.with { fixture in
            let coops = try await DistrictTests().buildDistrict(fixture)
            let baiyin = try DistrictCode(parsing: "baiyin")
            let zhao = try Login(parsing: "zhao")
            let supervisor = fixture.ledger.acting(as: zhao)
            let kept = fixture.ledger.districtFigures
            /// The report as this ledger gives it, and as a new one (nothing kept) does.
            func views(_ name: DistrictStatements.Name, _ language: Language = .zh) async throws -> (Statement, Statement) {
                let nothingKept = Ledger(pool: fixture.pool, logger: Logger(label: "nothing-kept")).acting(as: zhao)
                return (
                    try await supervisor.districtReport(name, of: baiyin, year: 2026, township: nil, language: language),
                    try await nothingKept.districtReport(name, of: baiyin, year: 2026, township: nil, language: language)
                )
            }

            let (first, _) = try await views(.indicators)
            #expect(kept.indicatorSheets.computedSoFar == 3)
            let (again, fresh) = try await views(.indicators)
            #expect(again == first && again == fresh)
            #expect(kept.indicatorSheets.computedSoFar == 3, "nothing changed: nothing computed")
            _ = try await views(.indicators, .en)
            #expect(kept.indicatorSheets.computedSoFar == 6, "the labels differ by language")

            // An entry in c2's journal: c2's sheet is computed again, the others are kept.
            _ = try await fixture.ledger.post(
                try JournalEntry(
                    key: "sale-late", date: LedgerFixture.day("2026-11-01"), memo: "销售",
                    lines: [.debit(AccountCode("102"), Money(fen: 99_999)), .credit(AccountCode("501"), Money(fen: 99_999))]),
                to: coops[1])
            let (afterEntry, freshAfterEntry) = try await views(.indicators)
            #expect(kept.indicatorSheets.computedSoFar == 7)
            #expect(afterEntry == freshAfterEntry && afterEntry != first)
            #expect(afterEntry.amount("c2", column: "operating_revenue") == Money(fen: 425_050 + 99_999))

            // A member joins c3, a record and no entry: c3's sheet is computed again.
            _ = try await fixture.ledger.addMember(try Member(number: MemberNumber(2), name: "成员2"), to: coops[2])
            let (afterMember, freshAfterMember) = try await views(.indicators)
            #expect(kept.indicatorSheets.computedSoFar == 8)
            #expect(afterMember == freshAfterMember)
            #expect(afterMember.rows.first { $0.key == "c3" }?.values[afterMember.columnKeys.firstIndex(of: "members")!] == "2")

            // The benefit statements behind the households' reports, likewise; the indicator
            // sheets were built from them (three at first, then c2's and c3's again), so the
            // households reports find them kept.
            #expect(kept.benefitStatements.computedSoFar == 5)
            let (households, _) = try await views(.households)
            _ = try await views(.poorHouseholds)
            #expect(kept.benefitStatements.computedSoFar == 5, "the indicator sheets' and both reports' are the same statements")
            _ = try await fixture.ledger.addHousehold(
                try HouseholdDetails(name: "李四", idNumber: "620402198001010012", village: "白银村", poverty: .monitored), in: coops[0])
            let (afterHousehold, freshAfterHousehold) = try await views(.households)
            #expect(kept.benefitStatements.computedSoFar == 6)
            #expect(afterHousehold == freshAfterHousehold)
            #expect(households.rows.count == afterHousehold.rows.count)
        }
    }

    /// What `serve` does in the background: the figures kept before any supervisor asks, so
    /// the first view computes nothing; a later round computes only what changed.
    @Test func keepingFiguresCurrentLeavesTheFirstViewNothingToCompute() async throws {
        try await LedgerFixture.with { fixture in
            let coops = try await DistrictTests().buildDistrict(fixture)
            let baiyin = try DistrictCode(parsing: "baiyin")
            let supervisor = fixture.ledger.acting(as: try Login(parsing: "zhao"))
            let kept = fixture.ledger.districtFigures

            #expect(try await fixture.ledger.keepDistrictFiguresCurrent(years: [2026, 2025]) == 12, "3 cooperatives, 2 statements, 2 years")
            for name in [DistrictStatements.Name.indicators, .households, .poorHouseholds] {
                _ = try await supervisor.districtReport(name, of: baiyin, year: 2026, township: nil, language: .zh)
            }
            #expect(kept.computedSoFar == 12, "the views found every figure kept")
            #expect(try await fixture.ledger.keepDistrictFiguresCurrent(years: [2026, 2025]) == 0)

            _ = try await fixture.ledger.post(
                try JournalEntry(
                    key: "sale-late", date: LedgerFixture.day("2026-11-01"), memo: "销售",
                    lines: [.debit(AccountCode("102"), Money(fen: 99_999)), .credit(AccountCode("501"), Money(fen: 99_999))]),
                to: coops[1])
            #expect(try await fixture.ledger.keepDistrictFiguresCurrent(years: [2026, 2025]) == 4, "c2's two statements of either year")
            let indicators = try await supervisor.districtReport(.indicators, of: baiyin, year: 2026, township: nil, language: .zh)
            #expect(kept.computedSoFar == 16)
            #expect(indicators.amount("c2", column: "operating_revenue") == Money(fen: 425_050 + 99_999))
        }
    }

    /// Past what the cache holds each round would push out what the last kept: the keeping
    /// takes whole districts, years in order, while they fit.
    @Test func keepingTakesOnlyWhatFits() async throws {
        try await LedgerFixture.with { fixture in
            _ = try await DistrictTests().buildDistrict(fixture)
            #expect(try await fixture.ledger.keepDistrictFiguresCurrent(years: [2026, 2025], room: 5) == 6, "2026's three cooperatives only")
            #expect(try await fixture.ledger.keepDistrictFiguresCurrent(years: [2026, 2025], room: 2) == 0, "not even one district's year")
        }
    }
}
