import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import Postgres
import Testing
import TestSupport

/// No input can hurt the books: every amount and quantity has a named maximum, held in
/// Swift and again in the database; an import cannot merge a block pasted twice.
@Suite struct BoundsTests {
    let overLine = Money(fen: Limits.lineAmountMax.fen + 1)

    @Test func amountsOverTheirMaximumAreRefusedNamingTheField() throws {
        #expect {
            try JournalEntry(
                key: "huge", date: LedgerFixture.day("2026-01-01"), memo: "", lines: [.debit(.bankDeposits, overLine), .credit(.operatingRevenue, overLine)])
        } throws: { ($0 as? LedgerError)?.code == .amountOverflow }
        let maxEntry = try JournalEntry(
            key: "max", date: LedgerFixture.day("2026-01-01"), memo: "",
            lines: [.debit(.bankDeposits, Limits.lineAmountMax), .credit(.operatingRevenue, Limits.lineAmountMax)])
        #expect(maxEntry.lines.count == 2)
        #expect(throws: LedgerError.self) {
            try Lease(
                member: MemberNumber(1), area: Area(hundredthsOfMu: 100), yearlyRatePerMu: Money(fen: Limits.leaseRatePerMuMax.fen + 1),
                startsOn: LedgerFixture.day("2026-01-01"), endsOn: nil)
        }
        #expect(throws: LedgerError.self) {
            try Lease(
                member: MemberNumber(1), area: Area(hundredthsOfMu: Limits.areaMax.hundredthsOfMu + 1), yearlyRatePerMu: Money(fen: 100),
                startsOn: LedgerFixture.day("2026-01-01"), endsOn: nil)
        }
        #expect(throws: LedgerError.self) {
            try LoanEquityContract(
                member: MemberNumber(1), principal: overLine, startsOn: LedgerFixture.day("2026-01-01"), years: 1, yearlyPayout: .zero, treatment: .liability)
        }
        #expect(throws: LedgerError.self) {
            try Purchase(
                member: MemberNumber(1), product: "corn", quantity: Weight(grams: Limits.quantityMax.grams + 1),
                marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 1),
                priceDate: LedgerFixture.day("2026-01-01"), priceSource: "m", premium: BasisPoints(0))
        }
        #expect(throws: LedgerError.self) {
            try Sale(
                member: MemberNumber(1), product: "feed", quantity: Weight(grams: 1),
                price: UnitPrice(tenThousandthsOfYuanPerKilogram: Limits.unitPriceMax.tenThousandthsOfYuanPerKilogram + 1))
        }
        // The largest purchase the bounds allow still cannot exceed a line's maximum unnoticed.
        let largest = try Purchase(
            member: MemberNumber(1), product: "corn", quantity: Limits.quantityMax, marketPrice: Limits.unitPriceMax,
            priceDate: LedgerFixture.day("2026-01-01"), priceSource: "m", premium: BasisPoints(0))
        let amount = try largest.amount()
        #expect {
            try JournalEntry(
                key: "p", date: LedgerFixture.day("2026-01-01"), memo: "",
                lines: [.debit(.productsAndMaterials, amount), .credit(.memberCurrentAccounts, member: MemberNumber(1), amount)])
        } throws: { ($0 as? LedgerError)?.code == .amountOverflow }
    }

    @Test func theDatabaseRefusesAnOversizedPostingToo() async throws {
        try await LedgerFixture.with { fixture in
            let connection = try fixture.database.connect(actingAs: "system")
            #expect {
                try connection.execute(
                    unsafeSQL: """
                        BEGIN;
                        INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('test-coop', 1, '2026-03-01', 'huge');
                        INSERT INTO postings VALUES ('test-coop', 1, 1, '102', NULL, 100000000000001, '2026-03-01', 'general'),
                                                    ('test-coop', 1, 2, '501', NULL, -100000000000001, '2026-03-01', 'general');
                        COMMIT;
                        """)
            } throws: { ($0 as? PostgresError)?.sqlState == .checkViolation }
            try? connection.execute(unsafeSQL: "ROLLBACK")
            #expect(try fixture.entryCount() == 0)
        }
    }

    @Test func importRefusesAKeyThatComesBackAndNamesWhereItBegan() async throws {
        try await LedgerFixture.with { fixture in
            let imports = JournalImportTests()
            let block = "a,2026-03-01,玉米,121,,10.00,\na,2026-03-01,,114,1,,10.00\n"
            let path = imports.write(JournalImportTests.header + block + "b,2026-03-02,feed,521,,5,\nb,2026-03-02,,102,,,5\n" + block)
            try await imports.expectRefusal(fixture, path, line: 6, "began at line 2")
            let huge = imports.write(JournalImportTests.header + "h,2026-03-01,x,102,,1000000000000.01,\nh,2026-03-01,,501,,,1000000000000.01\n")
            try await imports.expectRefusal(fixture, huge, line: 2, "at most")
        }
    }

    @Test func anEntryOverTheLineLimitIsNamedWithTheLimit() async throws {
        try await LedgerFixture.with { fixture in
            let imports = JournalImportTests()
            var text = JournalImportTests.header
            for _ in 0..<(Limits.linesPerEntryMax + 1) { text += "big,2026-03-01,x,121,,1,\n" }
            text += "big,2026-03-01,,102,,,\(Limits.linesPerEntryMax + 1)\n"
            let path = imports.write(text)
            try await imports.expectRefusal(
                fixture, path, line: Limits.linesPerEntryMax + 3, "at most \(Limits.linesPerEntryMax) lines, this one \(Limits.linesPerEntryMax + 2)")
        }
    }
}
