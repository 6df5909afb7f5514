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
            await #expect { _ = try await ledger.post(try VoucherTests.purchase("late", date: "2025-06-01"), to: fixture.coop) }
                throws: { ($0 as? LedgerError)?.code == .periodClosed }
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
            await #expect { _ = try await ledger.postOpening(path: try Self.file(Self.balances), date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop) }
                throws: { ($0 as? LedgerError)?.code == .duplicate }
            let openingEntry = try #require(try await ledger.entries(of: fixture.coop, after: EntryID(0), limit: 1).first)
            #expect(openingEntry.entry.kind == .opening)
            #expect(openingEntry.voucher?.description == "记-2025-12-0001")
            await #expect { _ = try await ledger.reverse(openingEntry.id, date: Self.day("2026-02-01"), key: "undo", in: fixture.coop) }
                throws: { ($0 as? LedgerError)?.code == .notReversible }
        }
    }

    @Test func aMidYearOpeningClosesItsMonthsAndReadsThe2008Chart() async throws {
        try await LedgerFixture.with { fixture in
            let old = """
                account,member,debit,credit
                102,,900.00,
                522,,100.00,
                2022:142,,500.00,
                301,1,,1000.00
                501,,,500.00
                """
            _ = try await fixture.ledger.postOpening(path: try Self.file(old), date: Self.day("2026-06-30"), chart: .chart2008, in: fixture.coop)
            let stored = try #require(try await fixture.ledger.entries(of: fixture.coop, after: EntryID(0), limit: 1).first)
            #expect(stored.entry.lines.map(\.account.rawValue) == ["102", "523", "142", "301", "501"])
            await #expect { _ = try await fixture.ledger.post(try VoucherTests.purchase("june", date: "2026-06-15"), to: fixture.coop) }
                throws: { ($0 as? LedgerError)?.code == .periodClosed }
            _ = try await fixture.ledger.post(try VoucherTests.purchase("july", date: "2026-07-01"), to: fixture.coop)

            let ambiguous = try Self.file("account,member,debit,credit\n141,,10.00,\n102,,,10.00\n")
            await #expect { _ = try await fixture.ledger.postOpening(path: ambiguous, date: Self.day("2026-06-30"), chart: .chart2008, in: fixture.coop) }
                throws: { ($0 as? ImportRefused)?.errors.first?.line == 2 }
        }
    }

    @Test func anOpeningComesBeforeAnyEntryAndOnAMonthsLastDay() async throws {
        try await LedgerFixture.with { fixture in
            await #expect { _ = try await fixture.ledger.postOpening(path: try Self.file(Self.balances), date: Self.day("2025-12-30"), chart: .chart2022, in: fixture.coop) }
                throws: { ($0 as? LedgerError)?.code == .invalidDate }
            _ = try await fixture.ledger.post(try VoucherTests.purchase("first", date: "2026-01-05"), to: fixture.coop)
            await #expect { _ = try await fixture.ledger.postOpening(path: try Self.file(Self.balances), date: Self.day("2025-12-31"), chart: .chart2022, in: fixture.coop) }
                throws: { ($0 as? LedgerError)?.code == .duplicate }
        }
    }
}
