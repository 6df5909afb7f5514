import Foundation
import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// Months close (结账) in order within a year, and nothing is dated in or before a closed
/// month: Swift says so first, the database refuses it again.
@Suite struct MonthCloseTests {
    static func month(_ text: String) -> CalendarMonth { try! CalendarMonth(parsing: text) }

    static func purchase(_ key: String, _ date: String, fen: Int64 = 1_000) throws -> JournalEntry {
        try VoucherTests.purchase(key, date: date, fen: fen)
    }

    @Test func aPostingInAClosedMonthIsRefusedAndWritesNothing() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.post(try Self.purchase("jan", "2026-01-15"), to: fixture.coop)
            #expect(try await ledger.closeMonth(Self.month("2026-01"), of: fixture.coop) == .created)
            #expect(try await ledger.closeMonth(Self.month("2026-01"), of: fixture.coop) == .alreadyPresent)
            let before = try fixture.entryCount()
            await #expect { _ = try await ledger.post(try Self.purchase("late", "2026-01-31"), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .periodClosed
            }
            let connection = try fixture.database.connect(actingAs: "system")
            #expect {
                try connection.execute(
                    unsafeSQL: """
                        BEGIN;
                        INSERT INTO journal_entries (coop_id, entry_date, idempotency_key) VALUES ('test-coop', '2026-01-20', 'raw');
                        COMMIT;
                        """)
            } throws: { ($0 as? PostgresError)?.sqlState?.code == "CL003" }
            try? connection.execute(unsafeSQL: "ROLLBACK")
            #expect(try fixture.entryCount() == before)
            // February is open, and so is the year before (months close within their year).
            _ = try await ledger.post(try Self.purchase("feb", "2026-02-01"), to: fixture.coop)
            _ = try await ledger.post(try Self.purchase("last-year", "2025-06-01"), to: fixture.coop)
        }
    }

    @Test func monthsCloseInOrderAndReopenFromTheLatest() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.post(try Self.purchase("jan", "2026-01-15"), to: fixture.coop)
            _ = try await ledger.post(try Self.purchase("mar", "2026-03-15"), to: fixture.coop)
            await #expect { _ = try await ledger.closeMonth(Self.month("2026-03"), of: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .periodOrder }
            // Past Swift: the database keeps the order itself.
            let connection = try fixture.database.connect(actingAs: "system")
            #expect { try connection.execute(unsafeSQL: "INSERT INTO closed_months (coop_id, month) VALUES ('test-coop', '2026-03-01')") } throws: {
                ($0 as? PostgresError)?.sqlState?.code == "CL007"
            }
            _ = try await ledger.closeMonth(Self.month("2026-01"), of: fixture.coop)
            _ = try await ledger.closeMonth(Self.month("2026-03"), of: fixture.coop) // February has no entries
            // Nothing dated in the empty February either: it lies before a closed month.
            await #expect { _ = try await ledger.post(try Self.purchase("feb", "2026-02-10"), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .periodClosed
            }
            await #expect { _ = try await ledger.reopenMonth(Self.month("2026-01"), of: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .periodOrder }
            #expect(try await ledger.reopenMonth(Self.month("2026-03"), of: fixture.coop))
            _ = try await ledger.post(try Self.purchase("mar-2", "2026-03-20"), to: fixture.coop)
            // December closes with its year.
            await #expect { _ = try await ledger.closeMonth(Self.month("2026-12"), of: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .periodOrder }
        }
    }

    @Test func aPreparerDoesNotCloseMonths() async throws {
        try await LedgerFixture.with { fixture in
            let (wang, li) = try await VoucherTests.people(fixture)
            await #expect { _ = try await wang.closeMonth(Self.month("2026-01"), of: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .forbidden }
            let connection = try fixture.database.connect(actingAs: "wang")
            #expect { try connection.execute(unsafeSQL: "INSERT INTO closed_months (coop_id, month) VALUES ('test-coop', '2026-01-01')") } throws: {
                ($0 as? PostgresError)?.sqlState?.code == "CL010"
            }
            #expect(try await li.closeMonth(Self.month("2026-01"), of: fixture.coop) == .created)
            let closer = try fixture.database.connect().query("SELECT closed_by FROM closed_months WHERE coop_id = 'test-coop'").singleRow()
            #expect(try closer.decode(String.self, at: 0) == "li")
        }
    }

    @Test func aMonthsTrialBalanceShowsTheMonthAndTheYearToDate() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.post(try Self.purchase("jan", "2026-01-15", fen: 10_000), to: fixture.coop)
            _ = try await ledger.post(try Self.purchase("mar", "2026-03-15", fen: 2_500), to: fixture.coop)
            _ = try await ledger.post(try Self.purchase("apr", "2026-04-01", fen: 99), to: fixture.coop)
            var request = ReportRequest(name: .trialBalance)
            request.month = Self.month("2026-03")
            let statement = try await ledger.report(request, of: fixture.coop, today: LedgerFixture.day("2026-12-31"))
            let row = try #require(statement.rows.first { $0.key == "121" })
            // Opening (Jan), March's debits, the year's debits through March, closing.
            #expect(
                statement.columnKeys == [
                    "opening_debit", "opening_credit", "debits", "credits", "year_debits", "year_credits", "closing_debit", "closing_credit",
                ])
            #expect(row.values == ["100.00", "0.00", "25.00", "0.00", "125.00", "0.00", "125.00", "0.00"])

            request = ReportRequest(name: .ledger)
            request.month = Self.month("2026-03")
            request.account = .productsAndMaterials
            let ledgerRows = try await ledger.report(request, of: fixture.coop, today: LedgerFixture.day("2026-12-31")).rows
            let yearToDate = try #require(ledgerRows.first { $0.key == "year_to_date:03" })
            #expect(yearToDate.values[2] == "125.00")
        }
    }
}
