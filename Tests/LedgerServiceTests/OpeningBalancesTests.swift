import Foundation
import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// Opening balances of a cooperative moving its books in: balanced, first, one voucher,
/// and everything up to their date closed.
@Suite struct OpeningBalancesTests {
    static let balances = """
        account,member,debit,credit,source
        102,,1200.00,,
        121,,200.00,,
        301,1,,600.00,poverty-alleviation
        301,2,,400.00,
        322,1,,50.00,
        311,1,,30.00,subsidy
        311,2,,20.00,donation
        311,,,10.00,
        332,,,290.00,
        """

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("opening-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func day(_ text: String) -> Day { LedgerFixture.day(text) }

    @Test func aFileThatDoesNotBalanceIsRefusedNamingItsLineAndWritesNothing() async throws {
        try await LedgerFixture.with { fixture in
            let path = try Self.file(Self.balances.replacingOccurrences(of: "332,,,290.00,", with: "332,,,280.00,"))
            await #expect {
                _ = try await fixture.ledger.postOpening(path: path, date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop)
            } throws: { error in
                guard let refused = error as? ImportRefused, let first = refused.errors.first else { return false }
                return first.line == 10 && first.message.contains("10.00")
            }
            let twice = try Self.file(Self.balances + "\n102,,5.00,,")
            await #expect {
                _ = try await fixture.ledger.postOpening(path: twice, date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop)
            } throws: { ($0 as? ImportRefused)?.errors.first?.line == 11 }
            #expect(try fixture.entryCount() == 0)
        }
    }

    @Test func afterAnOpeningAtYearEndTheNextYearOpensWithTheFile() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.postOpening(path: try Self.file(Self.balances), date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop)
            // The year is closed: nothing dated in it.
            await #expect { _ = try await ledger.post(try VoucherTests.purchase("late", date: "2025-06-01"), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .periodClosed
            }
            _ = try await ledger.post(try VoucherTests.purchase("new", date: "2026-01-05", fen: 5_000), to: fixture.coop)

            var request = ReportRequest(name: .balanceSheet)
            request.year = 2026
            let sheet = try await ledger.report(request, of: fixture.coop, today: Self.day("2026-12-31"))
            func opening(_ key: String) -> String? { sheet.rows.first { $0.key == key }?.values.first }
            #expect(opening("monetary_funds") == "1200.00")
            #expect(opening("inventories") == "200.00")
            #expect(opening("share_capital") == "1000.00")
            #expect(opening("special_funds") == "60.00")
            #expect(opening("surplus_reserve") == "50.00")
            #expect(opening("undistributed_surplus") == "290.00")
            #expect(opening("total_liabilities_and_equity") == "1400.00")

            let first = try await ledger.memberAccount(MemberNumber(1), year: 2026, in: fixture.coop)
            #expect(first.opening.capitalFromPovertyAlleviationAssets == Money(fen: 60_000))
            #expect(first.opening.reserveShare == Money(fen: 5_000))
            #expect(first.opening.subsidyShare == Money(fen: 3_000))
            let second = try await ledger.memberAccount(MemberNumber(2), year: 2026, in: fixture.coop)
            #expect(second.opening.capitalOther == Money(fen: 40_000))
            #expect(second.opening.donationShare == Money(fen: 2_000))

            // One opening, first; it is not reversed.
            await #expect {
                _ = try await ledger.postOpening(path: try Self.file(Self.balances), date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .duplicate }
            let openingEntry = try #require(try await ledger.entries(of: fixture.coop, after: EntryID(0), limit: 1).first)
            #expect(openingEntry.entry.kind == .opening)
            #expect(openingEntry.voucher?.description == "记-2025-12-0001")
            await #expect { _ = try await ledger.reverse(openingEntry.id, date: Self.day("2026-02-01"), key: "undo", in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .notReversible
            }
        }
    }

    @Test func aMidYearOpeningClosesItsMonthsAndReadsThe2008Chart() async throws {
        try await LedgerFixture.with { fixture in
            let old = """
                account,member,debit,credit,year-debit,year-credit
                102,,900.00,,400.00,
                522,,100.00,,100.00,
                2022:142,,500.00,,,
                301,1,,1000.00,,
                501,,,500.00,,500.00
                """
            _ = try await fixture.ledger.postOpening(path: try Self.file(old), date: Self.day("2026-06-30"), chart: .chart2008, in: fixture.coop)
            let stored = try #require(try await fixture.ledger.entries(of: fixture.coop, after: EntryID(0), limit: 1).first)
            // The year's start (102 500, 142 500, 301 1000) is the opening, dated the year before.
            #expect(stored.entry.date == Self.day("2025-12-31"))
            #expect(stored.entry.lines.map(\.account.rawValue) == ["102", "142", "301"])
            await #expect { _ = try await fixture.ledger.post(try VoucherTests.purchase("june", date: "2026-06-15"), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .periodClosed
            }
            _ = try await fixture.ledger.post(try VoucherTests.purchase("july", date: "2026-07-01"), to: fixture.coop)

            let ambiguous = try Self.file("account,member,debit,credit\n141,,10.00,\n102,,,10.00\n")
            await #expect {
                _ = try await fixture.ledger.postOpening(path: ambiguous, date: Self.day("2026-06-30"), chart: .chart2008, in: fixture.coop)
            } throws: { ($0 as? ImportRefused)?.errors.first?.line == 2 }
        }
    }

    @Test func anOpeningComesBeforeAnyEntryAndOnAMonthsLastDay() async throws {
        try await LedgerFixture.with { fixture in
            await #expect {
                _ = try await fixture.ledger.postOpening(path: try Self.file(Self.balances), date: Self.day("2025-12-30"), chart: .chart2022, in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .invalidDate }
            _ = try await fixture.ledger.post(try VoucherTests.purchase("first", date: "2026-01-05"), to: fixture.coop)
            await #expect {
                _ = try await fixture.ledger.postOpening(path: try Self.file(Self.balances), date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .duplicate }
        }
    }

    /// A cooperative moving in on 30 June 2025 with its balances and the year's cumulative
    /// amounts: 2025's 01 starts from the year's start, 03 shows the half year's contributions
    /// and withdrawals (not the whole capital as new), the trial balance the year's amounts.
    static let midYear = """
        account,member,debit,credit,year-debit,year-credit,source
        102,,1640.00,,840.00,200.00,
        301,1,,500.00,100.00,,poverty-alleviation
        301,2,,700.00,,300.00,
        311,1,,40.00,,40.00,subsidy
        311,,,,40.00,40.00,
        501,,,500.00,,500.00,
        522,,100.00,,100.00,,
        """

    @Test func aMidYearOpeningBringsTheYearsStartAndItsCumulativeAmounts() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.postOpening(path: try Self.file(Self.midYear), date: Self.day("2025-06-30"), chart: .chart2022, in: fixture.coop)
            func report(_ name: ReportName) async throws -> Statement {
                var request = ReportRequest(name: name)
                request.year = 2025
                return try await ledger.report(request, of: fixture.coop, today: Self.day("2025-12-31"))
            }
            let sheet = try await report(.balanceSheet)
            #expect(sheet.amount("monetary_funds", column: "opening") == Money(fen: 100_000))
            #expect(sheet.amount("share_capital", column: "opening") == Money(fen: 100_000))
            #expect(sheet.amount("monetary_funds", column: "closing") == Money(fen: 164_000))
            #expect(sheet.amount("share_capital", column: "closing") == Money(fen: 120_000))
            #expect(sheet.amount("special_funds", column: "closing") == Money(fen: 4_000))
            #expect(sheet.amount("total_liabilities_and_equity", column: "closing") == Money(fen: 164_000))

            let equity = try await report(.equityChanges)
            let capital = try #require(EquityChanges.columns.firstIndex { $0.key == "share_capital" })
            let undistributed = try #require(EquityChanges.columns.firstIndex { $0.key == "undistributed_surplus" })
            #expect(equity.amount("opening", column: capital) == Money(fen: 100_000))
            #expect(equity.amount("member_contributions", column: capital) == Money(fen: 30_000))
            #expect(equity.amount("member_withdrawals", column: capital) == Money(fen: 10_000))
            #expect(equity.amount("surplus_of_the_year", column: undistributed) == Money(fen: 40_000))
            #expect(equity.amount("closing", column: EquityChanges.columns.count) == sheet.amount("total_equity", column: "closing"))

            let surplus = try await report(.surplus)
            #expect(surplus.amount("operating_revenue") == Money(fen: 50_000))

            let trial = try await report(.trialBalance)
            #expect(trial.amount("102", column: "opening_debit") == Money(fen: 100_000))
            #expect(trial.amount("102", column: "debits") == Money(fen: 84_000))
            #expect(trial.amount("102", column: "credits") == Money(fen: 20_000))

            // Member 1's capital came from poverty-alleviation assets: 600 at the year's start, 500 after the withdrawal.
            let first = try await ledger.memberAccount(MemberNumber(1), year: 2025, in: fixture.coop)
            #expect(first.opening.capitalFromPovertyAlleviationAssets == Money(fen: 60_000))
            #expect(first.closing.capitalFromPovertyAlleviationAssets == Money(fen: 50_000))
            #expect(first.closing.subsidyShare == Money(fen: 4_000))

            // Closed through the date, the year before included; the year's amounts are never reversed.
            await #expect { _ = try await ledger.post(try VoucherTests.purchase("may", date: "2025-05-10"), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .periodClosed
            }
            await #expect { _ = try await ledger.post(try VoucherTests.purchase("old", date: "2024-11-10"), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .periodClosed
            }
            let yearToDate = try #require(
                try await ledger.entries(of: fixture.coop, after: EntryID(0), limit: 10).first { $0.entry.kind == .openingYearToDate })
            await #expect { _ = try await ledger.reverse(yearToDate.id, date: Self.day("2025-07-01"), key: "undo", in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .notReversible
            }
        }
    }

    @Test func aMidYearOpeningWhoseProfitAndLossDoesNotStartAtZeroIsRefused() async throws {
        try await LedgerFixture.with { fixture in
            // 501's balance of 500 with only 400 of the year's credits: 100 would be there on 1 January.
            let wrong = Self.midYear
                .replacingOccurrences(of: "501,,,500.00,,500.00,", with: "501,,,500.00,,400.00,")
                .replacingOccurrences(of: "102,,1640.00,,840.00,200.00,", with: "102,,1640.00,,740.00,200.00,")
            await #expect {
                _ = try await fixture.ledger.postOpening(path: try Self.file(wrong), date: Self.day("2025-06-30"), chart: .chart2022, in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.field == "line 7" }
            let atYearEnd = try Self.file(Self.midYear)
            await #expect {
                _ = try await fixture.ledger.postOpening(path: atYearEnd, date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop)
            } throws: { ($0 as? ImportRefused)?.errors.first?.line == 2 }
            #expect(try fixture.entryCount() == 0)
        }
    }
}
