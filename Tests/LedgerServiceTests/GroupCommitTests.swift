import Foundation
import LedgerCore
@testable import LedgerService
import Testing
import TestSupport

/// Group commit (what `serve` uses): concurrent posts to one cooperative share transactions,
/// yet each is refused or posted on its own and each key posts exactly once.
@Suite struct GroupCommitTests {
    static func entry(_ key: String, memo: String = "饲料", yuan: Int64 = 10, date: String = "2026-03-01") throws -> JournalEntry {
        try JournalEntry(
            key: key, date: LedgerFixture.day(date), memo: memo,
            lines: [
                .debit(AccountCode("121"), Money(fen: yuan * 100)), .credit(AccountCode("114"), member: MemberNumber(1), Money(fen: yuan * 100)),
            ])
    }

    /// Posts every entry at once; the outcome (or error) of each, in order.
    static func burst(_ ledger: Ledger, _ entries: [JournalEntry], to coop: CoopCode) async -> [Result<PostingOutcome, any Error>] {
        await burst(ledger, entries.map { ($0, coop) }).map { $0.map(\.outcome) }
    }

    /// Posts every entry, each to its cooperative, at once; the numbered outcome (or error)
    /// of each, in order.
    static func burst(_ ledger: Ledger, _ entries: [(JournalEntry, CoopCode)]) async -> [Result<NumberedPosting, any Error>] {
        await withTaskGroup(of: (Int, Result<NumberedPosting, any Error>).self) { group in
            for (index, (entry, coop)) in entries.enumerated() {
                group.addTask {
                    do { return (index, .success(try await ledger.postNumbered(entry, to: coop))) } catch { return (index, .failure(error)) }
                }
            }
            var results = [Result<NumberedPosting, any Error>?](repeating: nil, count: entries.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    /// A refusal at commit, by a deferred check: it fails the whole batch its entry is in.
    static func refusePoisonAtCommit(_ fixture: LedgerFixture) throws {
        try fixture.database.connect().execute(
            unsafeSQL: """
                CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.memo = 'poison' THEN RAISE EXCEPTION 'poisoned entry' USING ERRCODE = 'P0001'; END IF; RETURN NULL; END $$;
                CREATE CONSTRAINT TRIGGER refuse_poison AFTER INSERT ON journal_entries DEFERRABLE INITIALLY DEFERRED
                    FOR EACH ROW EXECUTE FUNCTION refuse_poison();
                """)
    }

    @Test func oneBadEntryInABurstIsRefusedAloneAndTheOthersPost() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger.committingInGroups()
            // Refused while writing (an unknown member, checked in Swift under a savepoint) …
            let unknownMember = try JournalEntry(
                key: "bad-member", date: LedgerFixture.day("2026-03-01"), memo: "x",
                lines: [
                    .debit(AccountCode("121"), Money(fen: 100)), .credit(AccountCode("114"), member: MemberNumber(99), Money(fen: 100)),
                ])
            // … and refused only at commit, failing the whole batch it is in.
            try Self.refusePoisonAtCommit(fixture)
            var entries = try (1...30).map { try Self.entry("good-\($0)") }
            entries.insert(unknownMember, at: 7)
            entries.insert(try Self.entry("poison-1", memo: "poison"), at: 19)
            let results = await Self.burst(ledger, entries, to: fixture.coop)
            for (entry, result) in zip(entries, results) {
                switch result {
                case .success(let outcome): #expect(entry.key.hasPrefix("good-") && outcome == .posted(outcome.entryID), "\(entry.key)")
                case .failure(let error): #expect(!entry.key.hasPrefix("good-"), "\(entry.key): \(error)")
                }
            }
            let connection = try fixture.database.connect()
            #expect(
                try connection.query("SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 'good-%'").singleRow().decode(Int64.self, at: 0) == 30)
            #expect(
                try connection.query("SELECT count(*) FROM journal_entries WHERE idempotency_key NOT LIKE 'good-%'").singleRow().decode(Int64.self, at: 0) == 0)
            guard case .intact = try await ledger.verifyChain(of: fixture.coop) else { Issue.record("chain broken"); return }
        }
    }

    /// A district's trickle: many cooperatives posting at once share batches. One entry the
    /// database refuses at commit fails its batch, whose other cooperatives' entries are then
    /// posted one by one; every good entry posts, with its own cooperative's voucher number.
    @Test func aBurstAcrossManyCooperativesPostsAllButTheEntryTheDatabaseRefuses() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger.committingInGroups()
            var coops = [fixture.coop]
            for number in 2...12 {
                let coop = try CoopCode(parsing: "coop-\(number)")
                _ = try await fixture.ledger.createCooperative(try Cooperative(code: coop, name: "合作社\(number)", settings: .standard))
                _ = try await fixture.ledger.addMember(try Member(number: MemberNumber(1), name: "成员1"), to: coop)
                coops.append(coop)
            }
            try Self.refusePoisonAtCommit(fixture)
            // Five rounds over twelve cooperatives: more than a batch holds, interleaved as a
            // district's clients send them.
            var entries = try (0..<60).map { index in (try Self.entry("good-\(index)"), coops[index % coops.count]) }
            entries.insert((try Self.entry("poison", memo: "poison"), coops[4]), at: 23)
            let results = await Self.burst(ledger, entries)

            var numbers: [CoopCode: Set<VoucherNumber>] = [:]
            for ((entry, coop), result) in zip(entries, results) {
                switch result {
                case .success(let posted):
                    #expect(entry.key.hasPrefix("good-") && posted.outcome == .posted(posted.outcome.entryID), "\(entry.key)")
                    guard let voucher = posted.voucher else {
                        Issue.record("\(entry.key) in \(coop): posted without its voucher number")
                        continue
                    }
                    #expect(numbers[coop, default: []].insert(voucher).inserted, "\(coop) numbered \(voucher) twice")
                case .failure(let error):
                    #expect(entry.key == "poison", "\(entry.key): \(error)")
                }
            }
            let connection = try fixture.database.connect()
            for coop in coops {
                #expect(numbers[coop]?.count == 5, "\(coop)")
                #expect(
                    try connection.query("SELECT count(*) FROM journal_entries WHERE coop_id = \(coop.rawValue)").singleRow().decode(Int64.self, at: 0) == 5)
                guard case .intact = try await ledger.verifyChain(of: coop) else {
                    Issue.record("\(coop): chain broken")
                    continue
                }
            }
        }
    }

    @Test func aBurstOfRetriedKeysPostsEachExactlyOnce() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger.committingInGroups()
            // Ten keys, each sent four times at once (a client retrying before its answer came).
            let entries = try (0..<40).map { try Self.entry("retry-\($0 % 10)") }
            let results = await Self.burst(ledger, entries, to: fixture.coop)
            var posted: [String: Int] = [:]
            var ids: [String: Set<EntryID>] = [:]
            for (entry, result) in zip(entries, results) {
                let outcome = try result.get()
                if case .posted = outcome { posted[entry.key, default: 0] += 1 }
                ids[entry.key, default: []].insert(outcome.entryID)
            }
            #expect(posted.count == 10 && posted.values.allSatisfy { $0 == 1 }, "\(posted)")
            #expect(ids.values.allSatisfy { $0.count == 1 })
            // The same key with other content is a conflict, batched or not.
            let conflicts = await Self.burst(ledger, try [Self.entry("retry-1", yuan: 11), Self.entry("retry-2", yuan: 12)], to: fixture.coop)
            for result in conflicts {
                #expect(throws: LedgerError.self) { try result.get() }
            }
            #expect(try fixture.database.connect().query("SELECT count(*) FROM journal_entries").singleRow().decode(Int64.self, at: 0) == 10)
        }
    }

    /// One batch as the group commit writes it: checked entry by entry, written together.
    @Test func aBatchRefusesItsBadEntriesAloneAndSettlesRepeatedKeysItself() async throws {
        try await LedgerFixture.with { fixture in
            let unknownMember = try JournalEntry(
                key: "bad-member", date: LedgerFixture.day("2026-03-01"), memo: "x",
                lines: [
                    .debit(AccountCode("121"), Money(fen: 100)), .credit(AccountCode("114"), member: MemberNumber(99), Money(fen: 100)),
                ])
            let batch = try [Self.entry("a"), unknownMember, Self.entry("b"), Self.entry("a"), Self.entry("b", yuan: 99), Self.entry("c")]
            let connection = try fixture.database.connect(actingAs: "system")
            try connection.execute(unsafeSQL: "BEGIN")
            let results = try Ledger.post(batch, to: fixture.coop, on: connection)
            try connection.execute(unsafeSQL: "COMMIT")

            let outcomes = results.map { try? $0.get() }
            guard case .posted(let a) = outcomes[0], case .posted(let b) = outcomes[2], case .posted = outcomes[5] else {
                Issue.record("\(results)")
                return
            }
            #expect(outcomes[3] == .replayed(a))
            #expect(throws: LedgerError.self) { try results[1].get() }
            #expect {
                try results[4].get()
            } throws: { error in
                (error as? LedgerError)?.rule.contains("already used by entry \(b)") == true
            }
            #expect(
                try connection.query("SELECT string_agg(idempotency_key, ',' ORDER BY entry_id) FROM journal_entries").singleRow().decode(String.self, at: 0)
                    == "a,b,c")
            guard case .intact = try await fixture.ledger.verifyChain(of: fixture.coop) else { Issue.record("chain broken"); return }
        }
    }
}
