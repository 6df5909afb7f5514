import Foundation
import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// Sub-accounts (明细科目): postings go to a leaf, the ledger's own entries to the chosen
/// one, and the statements roll them up into their standard lines.
@Suite struct SubAccountTests {
    static func day(_ text: String) -> Day { LedgerFixture.day(text) }
    static func code(_ text: String) -> AccountCode { try! AccountCode(parsing: text, field: "code") }

    static func entry(_ key: String, debit: String, credit: String, fen: Int64, date: String = "2026-03-10") throws -> JournalEntry {
        try JournalEntry(
            key: key, date: day(date), memo: key,
            lines: [
                .debit(code(debit), Money(fen: fen)), .credit(code(credit), Money(fen: fen)),
            ])
    }

    func report(_ ledger: Ledger, _ name: ReportName, coop: CoopCode) async throws -> Statement {
        var request = ReportRequest(name: name)
        request.year = 2026
        return try await ledger.report(request, of: coop, today: Self.day("2026-12-31"))
    }

    @Test func aHeadingTakesNoPostingsAndItsSubAccountsRollUpIntoItsStandardLine() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            #expect(try await ledger.addSubAccount(Self.code("50101"), name: "生猪销售", under: Self.code("501"), in: fixture.coop) == .created)
            _ = try await ledger.addSubAccount(Self.code("50102"), name: "仔猪销售", under: Self.code("501"), in: fixture.coop)
            #expect(try await ledger.addSubAccount(Self.code("50101"), name: "生猪销售", under: Self.code("501"), in: fixture.coop) == .alreadyPresent)
            await #expect { _ = try await ledger.post(try Self.entry("to-heading", debit: "102", credit: "501", fen: 100), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .accountNotPostable && ($0 as? LedgerError)?.rule.contains("50101") == true
            }
            _ = try await ledger.post(try Self.entry("pigs", debit: "102", credit: "50101", fen: 80_000), to: fixture.coop)
            _ = try await ledger.post(try Self.entry("piglets", debit: "102", credit: "50102", fen: 20_000), to: fixture.coop)

            let surplus = try await report(ledger, .surplus, coop: fixture.coop)
            #expect(surplus.amount("operating_revenue") == Money(fen: 100_000))
            let sheet = try await report(ledger, .balanceSheet, coop: fixture.coop)
            #expect(sheet.amount("monetary_funds", column: 1) == Money(fen: 100_000))
            let trial = try await report(ledger, .trialBalance, coop: fixture.coop)
            // Both levels: each sub-account, then the heading's 合计.
            let keys = trial.rows.map(\.key)
            let rollup = try #require(keys.firstIndex(of: "501:rollup"))
            #expect(try #require(keys.firstIndex(of: "50102")) < rollup)
            #expect(trial.amount("501:rollup", column: 3) == Money(fen: 100_000))

            // The database refuses a posting to the heading by itself.
            let connection = try fixture.database.connect(actingAs: "system")
            #expect {
                try connection.execute(
                    unsafeSQL: """
                        BEGIN;
                        INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('test-coop', 9000, '2026-03-01', 'raw');
                        INSERT INTO postings VALUES ('test-coop', 9000, 1, '102', NULL, 5, '2026-03-01', 'general'), ('test-coop', 9000, 2, '501', NULL, -5, '2026-03-01', 'general');
                        COMMIT;
                        """)
            } throws: { ($0 as? PostgresError)?.sqlState?.code == "CL004" }
            try? connection.execute(unsafeSQL: "ROLLBACK")
        }
    }

    @Test func operationsPostToTheChosenSubAccount() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.addSubAccount(Self.code("10201"), name: "农行", under: .bankDeposits, in: fixture.coop)
            _ = try await ledger.addSubAccount(Self.code("10202"), name: "信用社", under: .bankDeposits, in: fixture.coop)
            let first = try await ledger.contribute(
                member: MemberNumber(1), amount: Money(fen: 100_000), source: .other,
                date: Self.day("2026-03-01"), key: "cap-1", in: fixture.coop)
            #expect(try await ledger.entry(first.entryID, in: fixture.coop)?.entry.lines.first?.account == Self.code("10201"))
            // A retry finds the first posting, though it named 102.
            #expect(
                try await ledger.contribute(
                    member: MemberNumber(1), amount: Money(fen: 100_000), source: .other,
                    date: Self.day("2026-03-01"), key: "cap-1", in: fixture.coop) == .replayed(first.entryID))
            try await ledger.setDefaultSubAccount(Self.code("10202"), in: fixture.coop)
            let second = try await ledger.contribute(
                member: MemberNumber(2), amount: Money(fen: 50_000), source: .other,
                date: Self.day("2026-03-02"), key: "cap-2", in: fixture.coop)
            #expect(try await ledger.entry(second.entryID, in: fixture.coop)?.entry.lines.first?.account == Self.code("10202"))
            // The default is not deactivated; another one is, and takes nothing more.
            await #expect { try await ledger.setAccountActive(false, Self.code("10202"), in: fixture.coop) } throws: { $0 is LedgerError }
            try await ledger.setAccountActive(false, Self.code("10201"), in: fixture.coop)
            await #expect { _ = try await ledger.post(try Self.entry("to-old", debit: "10201", credit: "502", fen: 5), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .accountNotPostable
            }
            // A heading's ledger shows its sub-accounts' postings.
            var request = ReportRequest(name: .ledger)
            request.year = 2026
            request.account = .bankDeposits
            let rows = try await ledger.report(request, of: fixture.coop, today: Self.day("2026-12-31")).rows
            #expect(rows.first { $0.key == "closing" }?.values.last == "1500.00")
        }
    }

    @Test func memberDetailAndEquityAccountsAndTheStandardOnesStayAsTheyAre() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            for (child, parent) in [("11401", "114"), ("30101", "301"), ("32101", "321")] {
                await #expect { _ = try await ledger.addSubAccount(Self.code(child), name: "x", under: Self.code(parent), in: fixture.coop) } throws: {
                    ($0 as? LedgerError)?.code == .invalidValue
                }
            }
            await #expect { _ = try await ledger.addSubAccount(Self.code("5011"), name: "x", under: Self.code("501"), in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .invalidValue
            }
            await #expect { try await ledger.renameAccount(Self.code("501"), to: "收入", in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .recordProtected
            }
            let connection = try fixture.database.connect(actingAs: "system")
            for sql in [
                "INSERT INTO accounts (coop_id, code, name, name_en, kind, member_rule, is_postable, parent_code) VALUES ('test-coop', '11401', 'x', 'x', 'asset', 'required', true, '114')",
                "UPDATE accounts SET name = '收入' WHERE coop_id = 'test-coop' AND code = '501'",
                "UPDATE accounts SET is_postable = false WHERE coop_id = 'test-coop' AND code = '502'",
            ] {
                #expect(throws: PostgresError.self, "\(sql)") { try connection.execute(unsafeSQL: sql) }
            }
            // A preparer adds no accounts.
            let (wang, _) = try await VoucherTests.people(fixture)
            await #expect { _ = try await wang.addSubAccount(Self.code("50101"), name: "生猪", under: Self.code("501"), in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .forbidden
            }
        }
    }
}

extension SubAccountTests {
    /// 102 held 2,123,295.00 when 10201 was added: the balance moves into 10201 by an entry of
    /// its own, and nothing is left on the heading (issue 23, case 7).
    @Test func aFirstSubAccountTakesItsParentsBalance() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.post(try Self.entry("cash", debit: "102", credit: "321", fen: 212_329_500), to: fixture.coop)
            #expect(
                try await ledger.addSubAccount(Self.code("10201"), name: "农行", under: .bankDeposits, date: Self.day("2026-04-01"), in: fixture.coop) == .created
            )
            let lines = try await ledger.trialBalance(of: fixture.coop, asOf: nil).lines
            #expect(lines.first { $0.account == Self.code("10201") }?.balance == Money(fen: 212_329_500))
            #expect((lines.first { $0.account == .bankDeposits }?.balance ?? .zero) == .zero)
            let moved = try #require(try await ledger.entries(of: fixture.coop, after: EntryID(0), limit: 10).first { $0.entry.kind == .subAccountOpening })
            #expect(moved.entry.date == Self.day("2026-04-01"))
            await #expect { _ = try await ledger.reverse(moved.id, date: Self.day("2026-04-02"), key: "undo-move", in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .notReversible
            }
            // 102 is a heading now; a second sub-account moves nothing more.
            _ = try await ledger.addSubAccount(Self.code("10202"), name: "信用社", under: .bankDeposits, in: fixture.coop)
            #expect(try await ledger.entries(of: fixture.coop, after: EntryID(0), limit: 10).filter { $0.entry.kind == .subAccountOpening }.count == 1)
            await #expect { _ = try await ledger.post(try Self.entry("to-heading", debit: "102", credit: "502", fen: 5), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .accountNotPostable
            }
        }
    }
}
