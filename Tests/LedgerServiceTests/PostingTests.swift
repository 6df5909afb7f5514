import LedgerCore
import LedgerRendering
import LedgerService
import Testing
import TestSupport

@Suite struct PostingTests {
    @Test func postedEntryShowsInABalancedTrialBalance() async throws {
        try await LedgerFixture.with { fixture in
            let outcome = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-1", member: 2, fen: 250_000), to: fixture.coop)
            guard case .posted = outcome else { Issue.record("not posted: \(outcome)"); return }
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(balance.isBalanced)
            #expect(balance.totalDebit == Money(fen: 250_000))
            let capital = balance.lines.first { $0.account == AccountCode("301") }
            #expect(capital?.member == MemberNumber(2))
            #expect(capital?.credit == Money(fen: 250_000))
            #expect(balance.json.rendered.contains(#"{"code":"301","name":"股金","member":2,"debit":"0.00","credit":"2500.00"}"#))
        }
    }

    @Test func sameKeySameContentReturnsTheFirstEntryAndWritesNothing() async throws {
        try await LedgerFixture.with { fixture in
            let entry = try LedgerFixture.capital(key: "c-1", member: 1, fen: 100_000)
            let first = try await fixture.ledger.post(entry, to: fixture.coop)
            let again = try await fixture.ledger.post(entry, to: fixture.coop)
            #expect(again == .replayed(first.entryID))
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test func sameKeyOtherContentIsAConflict() async throws {
        try await LedgerFixture.with { fixture in
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-1", member: 1, fen: 100_000), to: fixture.coop)
            do {
                _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-1", member: 1, fen: 100_001), to: fixture.coop)
                Issue.record("conflicting replay accepted")
            } catch let error as LedgerError {
                #expect(error.code == .idempotencyConflict)
                #expect(error.field == "key")
            }
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test func concurrentPostsOfOneKeyWriteExactlyOneEntry() async throws {
        try await LedgerFixture.with { fixture in
            let entry = try LedgerFixture.capital(key: "race", member: 3, fen: 77_700)
            let outcomes = try await withThrowingTaskGroup(of: PostingOutcome.self) { group in
                for _ in 0..<8 { group.addTask { try await fixture.ledger.post(entry, to: fixture.coop) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { if case .posted = $0 { true } else { false } }.count == 1)
            #expect(Set(outcomes.map(\.entryID)).count == 1)
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test func invalidLinesAreRefusedBeforeWriting() async throws {
        try await LedgerFixture.with { fixture in
            let unknownMember = try JournalEntry(
                key: "m-9", date: LedgerFixture.day("2026-03-01"), memo: "",
                lines: [
                    .debit(AccountCode("102"), Money(fen: 100)), .credit(AccountCode("114"), member: MemberNumber(9), Money(fen: 100)),
                ])
            await #expect(throws: LedgerError.self) { try await fixture.ledger.post(unknownMember, to: fixture.coop) }
            let otherCoop = try CoopCode(parsing: "nobody")
            await #expect(throws: LedgerError.self) {
                try await fixture.ledger.post(try LedgerFixture.capital(key: "x", member: 1, fen: 5), to: otherCoop)
            }
            #expect(try fixture.entryCount() == 0)
        }
    }

    @Test func reversalNetsTheOriginalToZeroAndASecondIsRefused() async throws {
        try await LedgerFixture.with { fixture in
            let original = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-1", member: 1, fen: 100_000), to: fixture.coop).entryID
            let reversal = try await fixture.ledger.reverse(original, date: LedgerFixture.day("2026-03-05"), key: "r-1", in: fixture.coop)
            guard case .posted(let reversalID) = reversal else { Issue.record("reversal not posted"); return }
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(balance.lines.isEmpty)

            // Retrying the same reversal is a replay; another reversal is refused.
            #expect(try await fixture.ledger.reverse(original, date: LedgerFixture.day("2026-03-05"), key: "r-1", in: fixture.coop) == .replayed(reversalID))
            do {
                _ = try await fixture.ledger.reverse(original, date: LedgerFixture.day("2026-03-06"), key: "r-2", in: fixture.coop)
                Issue.record("second reversal accepted")
            } catch let error as LedgerError {
                #expect(error.code == .alreadyReversed)
            }
            await #expect(throws: LedgerError.self) {
                try await fixture.ledger.reverse(reversalID, date: LedgerFixture.day("2026-03-06"), key: "r-3", in: fixture.coop)
            }
            #expect(try fixture.entryCount() == 2)
        }
    }

    @Test func postingIntoAClosedYearIsRefused() async throws {
        try await LedgerFixture.with { fixture in
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-1", member: 1, fen: 100), to: fixture.coop)
            #expect(try await fixture.ledger.closeYear(2026, of: fixture.coop) == .created)
            #expect(try await fixture.ledger.closeYear(2026, of: fixture.coop) == .alreadyPresent)
            do {
                _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-2", member: 1, fen: 100, date: "2026-12-31"), to: fixture.coop)
                Issue.record("posted into a closed year")
            } catch let error as LedgerError {
                #expect(error.code == .periodClosed)
                #expect(error.field == "date")
            }
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-3", member: 1, fen: 100, date: "2027-01-02"), to: fixture.coop)
            #expect(try fixture.entryCount() == 2)
        }
    }

    @Test func largeEntryGoesInByCopyAndReplaysIdentically() async throws {
        try await LedgerFixture.with { fixture in
            // 300 member lines: past the multi-row INSERT size, so COPY carries them.
            for number in Int32(4)...100 {
                _ = try await fixture.ledger.addMember(try Member(number: MemberNumber(number), name: "成员\(number)"), to: fixture.coop)
            }
            var lines: [PostingLine] = []
            for round in 0..<3 {
                for number in Int32(1)...100 {
                    lines.append(.credit(AccountCode("114"), member: MemberNumber(number), Money(fen: Int64(number) * 10 + Int64(round))))
                }
            }
            let total = try Money.sum(lines.map { try $0.amount.negated() })
            let entry = try JournalEntry(
                key: "big", date: LedgerFixture.day("2026-05-01"), memo: "玉米, \"大批\"\t收购", lines: [.debit(AccountCode("121"), total)] + lines, kind: .purchase)
            let posted = try await fixture.ledger.post(entry, to: fixture.coop)
            #expect(try await fixture.ledger.post(entry, to: fixture.coop) == .replayed(posted.entryID))
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(balance.isBalanced)
            #expect(balance.lines.filter { $0.account == AccountCode("114") }.count == 100)
            let account = try await fixture.ledger.memberAccount(MemberNumber(7), year: 2026, in: fixture.coop)
            #expect(account.currentAccountBalance == Money(fen: -(70 + 71 + 72)))
        }
    }

    @Test func trialBalanceAsOfADayLeavesLaterEntriesOut() async throws {
        try await LedgerFixture.with { fixture in
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-1", member: 1, fen: 100, date: "2026-03-01"), to: fixture.coop)
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c-2", member: 1, fen: 200, date: "2026-04-01"), to: fixture.coop)
            let march = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: LedgerFixture.day("2026-03-31"))
            #expect(march.totalDebit == Money(fen: 100))
            let all = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(all.totalDebit == Money(fen: 300))
        }
    }
}
