import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import LedgerStore
import Testing
import TestSupport

@Suite struct HashChainTests {
    func post(_ fixture: LedgerFixture, count: Int) async throws {
        for index in 0..<count {
            _ = try await fixture.ledger.post(
                try LedgerFixture.capital(key: "c\(index)", member: Int32(index % 3 + 1), fen: Int64(100 + index)), to: fixture.coop)
        }
    }

    func broken(_ verdict: ChainVerdict) -> (entry: Int64, reason: String)? {
        if case .broken(let entry, _, let reason) = verdict { return (entry, reason) }
        return nil
    }

    @Test func everyEntryIsChainedAndTheChainVerifies() async throws {
        try await LedgerFixture.with { fixture in
            try await post(fixture, count: 5)
            guard case .intact(let head) = try await fixture.ledger.verifyChain(of: fixture.coop) else {
                Issue.record("chain broken"); return
            }
            #expect(head.entries == 5)
            #expect(head.hash.count == 64 && head.hash != String(repeating: "0", count: 64))
        }
    }

    /// verify reads the journal in entry id order, and links are in commit order: entries
    /// given ids of their own (an import keeps a file's numbering) are linked out of id
    /// order, and the chain still verifies.
    @Test func entriesLinkedOutOfIdOrderVerify() async throws {
        try await LedgerFixture.with { fixture in
            try await post(fixture, count: 2)
            let connection = try fixture.database.connect()
            for id in [1000, 999] {
                try connection.execute(
                    unsafeSQL: """
                        BEGIN;
                        SET LOCAL coopledger.actor = 'system';
                        INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('\(fixture.coop)', \(id), '2026-03-01', 'own-\(id)');
                        INSERT INTO postings VALUES ('\(fixture.coop)', \(id), 1, '121', NULL, 500, '2026-03-01', 'general'),
                                                    ('\(fixture.coop)', \(id), 2, '114', 1, -500, '2026-03-01', 'general');
                        COMMIT;
                        """)
            }
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "after", member: 1, fen: 7), to: fixture.coop)
            let order = try connection.query("SELECT entry_id FROM entry_hashes ORDER BY chain_seq").rows.map { try $0.decode(Int64.self, at: 0) }
            #expect(order.count == 5 && order[2...3] == [1000, 999] && order[4] < 999, "\(order)")
            guard case .intact(let head) = try await fixture.ledger.verifyChain(of: fixture.coop) else {
                Issue.record("chain broken"); return
            }
            #expect(head == (try await fixture.ledger.chainHead(of: fixture.coop)))
            #expect(head.entries == 5)
            // And a link changed there is still caught, at its own place.
            try connection.execute(
                unsafeSQL: """
                    SET session_replication_role = replica;
                    UPDATE journal_entries SET memo = 'changed' WHERE entry_id = 1000;
                    SET session_replication_role = origin;
                    """)
            let verdict = try await fixture.ledger.verifyChain(of: fixture.coop)
            #expect(broken(verdict)?.entry == 1000, "\(verdict)")
        }
    }

    /// Rows written with the triggers off that the chain cannot speak for, each named by
    /// its entry: an entry with no link, postings of no entry, and an entry with no postings
    /// (its link computed over no lines, so that the chain itself still matches).
    @Test func rowsOutsideTheChainAreCaught() async throws {
        let cases: [(sql: String, entry: Int64, reason: String)] = [
            (
                """
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('test-coop', 900, '2026-03-01', 'unlinked');
                INSERT INTO postings VALUES ('test-coop', 900, 1, '121', NULL, 5, '2026-03-01', 'general'), ('test-coop', 900, 2, '114', 1, -5, '2026-03-01', 'general');
                """, 900, "not in the chain"
            ),
            (
                """
                INSERT INTO postings VALUES ('test-coop', 901, 1, '121', NULL, 5, '2026-03-01', 'general'), ('test-coop', 901, 2, '114', 1, -5, '2026-03-01', 'general');
                """, 901, "does not exist"
            ),
            (
                """
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('test-coop', 902, '2026-03-01', 'bare');
                INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash, format)
                SELECT 'test-coop', 902, h.chain_seq + 1, sha256(h.hash || entry_canonical_v3(e, NULL, NULL, NULL)), 3
                FROM chain_head('test-coop') h, journal_entries e WHERE e.coop_id = 'test-coop' AND e.entry_id = 902;
                """, 902, "without postings"
            ),
        ]
        for (sql, entry, reason) in cases {
            try await LedgerFixture.with { fixture in
                try await post(fixture, count: 2)
                try fixture.database.connect().execute(
                    unsafeSQL: """
                        SET session_replication_role = replica;
                        SET coopledger.actor = 'system';
                        \(sql)
                        SET session_replication_role = origin;
                        """)
                let failure = try #require(broken(try await fixture.ledger.verifyChain(of: fixture.coop)))
                #expect(failure.entry == entry && failure.reason.contains(reason), "\(failure)")
            }
        }
    }

    @Test func postingEditedBehindTheTriggersIsCaught() async throws {
        try await LedgerFixture.with { fixture in
            try await post(fixture, count: 4)
            let connection = try fixture.database.connect()
            let target = try connection.query("SELECT entry_id FROM journal_entries WHERE idempotency_key = 'c2'").singleRow().decode(Int64.self, at: 0)
            try connection.execute(
                unsafeSQL: """
                    SET session_replication_role = replica;
                    UPDATE postings SET amount = amount + 100 WHERE entry_id = \(target) AND line_no = 1;
                    UPDATE postings SET amount = amount - 100 WHERE entry_id = \(target) AND line_no = 2;
                    SET session_replication_role = origin;
                    """)
            let verdict = try await fixture.ledger.verifyChain(of: fixture.coop)
            #expect(broken(verdict)?.entry == target)
        }
    }

    @Test func deletedEntryIsCaughtWhetherOrNotItsHashGoesToo() async throws {
        for alsoDeleteHash in [false, true] {
            try await LedgerFixture.with { fixture in
                try await post(fixture, count: 4)
                let connection = try fixture.database.connect()
                let target = try connection.query("SELECT entry_id FROM journal_entries WHERE idempotency_key = 'c1'").singleRow().decode(Int64.self, at: 0)
                try connection.execute(
                    unsafeSQL: """
                        SET session_replication_role = replica;
                        DELETE FROM postings WHERE entry_id = \(target);
                        DELETE FROM journal_entries WHERE entry_id = \(target);
                        \(alsoDeleteHash ? "DELETE FROM entry_hashes WHERE entry_id = \(target);" : "")
                        SET session_replication_role = origin;
                        """)
                let verdict = try await fixture.ledger.verifyChain(of: fixture.coop)
                let failure = try #require(broken(verdict))
                // With its hash gone too, the break shows at the next link.
                #expect(failure.entry == (alsoDeleteHash ? target + 1 : target), "\(failure)")
            }
        }
    }

    @Test func newestEntryDeletedWithItsHashIsCaughtAgainstARecordedHead() async throws {
        try await LedgerFixture.with { fixture in
            try await post(fixture, count: 3)
            let recorded = try await fixture.ledger.chainHead(of: fixture.coop)
            let connection = try fixture.database.connect()
            try connection.execute(
                unsafeSQL: """
                    SET session_replication_role = replica;
                    DELETE FROM postings WHERE entry_id = (SELECT max(entry_id) FROM journal_entries);
                    DELETE FROM entry_hashes WHERE entry_id = (SELECT max(entry_id) FROM journal_entries);
                    DELETE FROM journal_entries WHERE entry_id = (SELECT max(entry_id) FROM journal_entries);
                    SET session_replication_role = origin;
                    """)
            // The shortened chain is consistent in itself; the head an auditor kept is not in it.
            #expect(broken(try await fixture.ledger.verifyChain(of: fixture.coop)) == nil)
            let verdict = try await fixture.ledger.verifyChain(of: fixture.coop, anchor: recorded.hash)
            #expect(broken(verdict)?.reason.contains("not in the chain") == true)
        }
    }

    @Test func anOlderRecordedHeadStillVerifies() async throws {
        try await LedgerFixture.with { fixture in
            try await post(fixture, count: 2)
            let recorded = try await fixture.ledger.chainHead(of: fixture.coop)
            try await post(fixture, count: 4)
            guard case .intact(let head) = try await fixture.ledger.verifyChain(of: fixture.coop, anchor: recorded.hash) else {
                Issue.record("an earlier head is not found"); return
            }
            #expect(head.entries == 4 && recorded.entries == 2)
        }
    }

    @Test func importedEntriesAreChainedLikePostedOnes() async throws {
        try await LedgerFixture.with { fixture in
            try await post(fixture, count: 2)
            let rows = (1...50).map { "k\($0),2026-04-01,x,121,,\($0),\nk\($0),2026-04-01,,114,2,,\($0)\n" }.joined()
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("chain-\(UUID().uuidString).csv").path
            _ = FileManager.default.createFile(atPath: path, contents: Data(("key,date,memo,account,member,debit,credit\n" + rows).utf8))
            _ = try await fixture.ledger.importJournal(path: path, format: .csv, into: fixture.coop, options: ImportOptions())
            try await post(fixture, count: 3) // c0, c1 replay; c2 is new
            guard case .intact(let head) = try await fixture.ledger.verifyChain(of: fixture.coop) else {
                Issue.record("chain broken after import"); return
            }
            #expect(head.entries == 53)
        }
    }

    @Test func concurrentPostersSerializeOnTheChainHead() async throws {
        try await LedgerFixture.with { fixture in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for index in 0..<10 {
                            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "t\(task)-\(index)", member: 1, fen: 1), to: fixture.coop)
                        }
                    }
                }
                try await group.waitForAll()
            }
            guard case .intact(let head) = try await fixture.ledger.verifyChain(of: fixture.coop) else {
                Issue.record("chain broken under concurrency"); return
            }
            #expect(head.entries == 80)
        }
    }

    /// Formats 2 and 3 cover every column: a posting moved to another year or another kind
    /// (which feeds patronage), postings of no entry, who posted it, and its voucher number
    /// are all caught.
    @Test func everyStoredFactIsUnderTheChain() async throws {
        let tamperings = [
            "UPDATE postings SET entry_date = '2025-12-31' WHERE entry_id = TARGET",
            "UPDATE postings SET kind = 'purchase' WHERE entry_id = TARGET",
            "UPDATE journal_entries SET created_at = created_at + interval '1 day' WHERE entry_id = TARGET",
            "INSERT INTO postings VALUES ('test-coop', 99999, 1, '102', NULL, 5, '2026-03-01', 'general'), ('test-coop', 99999, 2, '501', NULL, -5, '2026-03-01', 'general')",
            "DELETE FROM postings WHERE entry_id = TARGET",
            "UPDATE journal_entries SET posted_by = 'token-1', prepared_by = 'token-1' WHERE entry_id = TARGET",
            "UPDATE voucher_numbers SET number = number + 100 WHERE entry_id = TARGET",
        ]
        for tampering in tamperings {
            try await LedgerFixture.with { fixture in
                try await post(fixture, count: 4)
                guard case .intact = try await fixture.ledger.verifyChain(of: fixture.coop) else { Issue.record("broken before"); return }
                let connection = try fixture.database.connect()
                let target = try connection.query("SELECT entry_id FROM journal_entries WHERE idempotency_key = 'c2'").singleRow().decode(Int64.self, at: 0)
                try connection.execute(
                    unsafeSQL: "SET session_replication_role = replica; "
                        + tampering.replacingOccurrences(of: "TARGET", with: String(target)) + "; SET session_replication_role = origin;")
                let verdict = try await fixture.ledger.verifyChain(of: fixture.coop)
                #expect(broken(verdict) != nil, "not caught: \(tampering)")
            }
        }
    }

    @Test func aYearClosedOrReopenedByHandIsCaught() async throws {
        for reopenWithTriggers in [false, true] {
            try await LedgerFixture.with { fixture in
                try await post(fixture, count: 2)
                _ = try await fixture.ledger.closeYear(2026, of: fixture.coop)
                guard case .intact = try await fixture.ledger.verifyChain(of: fixture.coop) else { Issue.record("broken before"); return }
                let connection = try fixture.database.connect()
                let role = reopenWithTriggers ? "origin" : "replica"
                try connection.execute(
                    unsafeSQL:
                        "SET session_replication_role = \(role); UPDATE periods SET closed_at = NULL WHERE year = 2026; SET session_replication_role = origin;")
                let verdict = try await fixture.ledger.verifyChain(of: fixture.coop)
                #expect(broken(verdict)?.reason.contains("2026") == true, "\(verdict)")
            }
        }
    }

    @Test func aMonthClosedOrReopenedByHandIsCaught() async throws {
        for tampering in [
            "DELETE FROM closed_months WHERE month = '2026-01-01'",
            "INSERT INTO closed_months (coop_id, month, closed_by) VALUES ('test-coop', '2026-02-01', 'system')",
        ] {
            try await LedgerFixture.with { fixture in
                try await post(fixture, count: 2)
                _ = try await fixture.ledger.closeMonth(try CalendarMonth(parsing: "2026-01"), of: fixture.coop)
                _ = try await fixture.ledger.reopenMonth(try CalendarMonth(parsing: "2026-01"), of: fixture.coop)
                _ = try await fixture.ledger.closeMonth(try CalendarMonth(parsing: "2026-01"), of: fixture.coop)
                guard case .intact = try await fixture.ledger.verifyChain(of: fixture.coop) else { Issue.record("broken before"); return }
                try fixture.database.connect().execute(
                    unsafeSQL: "SET session_replication_role = replica; \(tampering); SET session_replication_role = origin;")
                #expect(broken(try await fixture.ledger.verifyChain(of: fixture.coop)) != nil, "not caught: \(tampering)")
            }
        }
    }

    /// Removing the newest period events together with the period rows leaves a consistent
    /// but shorter chain of events: only a recorded period head (printed on statements) shows it.
    @Test func theNewestPeriodEventsRemovedWithTheirRowsAreCaughtByARecordedHead() async throws {
        try await LedgerFixture.with { fixture in
            try await post(fixture, count: 2)
            _ = try await fixture.ledger.closeMonth(try CalendarMonth(parsing: "2026-01"), of: fixture.coop)
            let month = try await fixture.ledger.report(
                ReportRequest(name: .trialBalance), of: fixture.coop, today: try Day(parsing: "2026-12-31", field: "today"))
            let recorded = try #require(month.periodHead)
            #expect(month.rendered(as: .text).contains("期间事件链头 \(recorded)"))
            _ = try await fixture.ledger.closeMonth(try CalendarMonth(parsing: "2026-02"), of: fixture.coop)
            let newest = try #require(
                try await fixture.ledger.report(
                    ReportRequest(name: .trialBalance), of: fixture.coop,
                    today: try Day(parsing: "2026-12-31", field: "today")
                ).periodHead)
            guard case .intact = try await fixture.ledger.verifyChain(of: fixture.coop, periodAnchor: newest) else { Issue.record("broken before"); return }
            // February's closing, its event and its row, all gone: consistent without the anchor.
            try fixture.database.connect().execute(
                unsafeSQL: """
                    SET session_replication_role = replica;
                    DELETE FROM period_events WHERE coop_id = 'test-coop' AND month = 2;
                    DELETE FROM closed_months WHERE coop_id = 'test-coop' AND month = '2026-02-01';
                    SET session_replication_role = origin;
                    """)
            guard case .intact = try await fixture.ledger.verifyChain(of: fixture.coop) else { Issue.record("expected consistent without the head"); return }
            guard case .intact = try await fixture.ledger.verifyChain(of: fixture.coop, periodAnchor: recorded) else {
                Issue.record("January's head is still there"); return
            }
            #expect(broken(try await fixture.ledger.verifyChain(of: fixture.coop, periodAnchor: newest))?.reason.contains("period head") == true)
        }
    }

    /// `verify` builds the canonical bytes in Swift; they must be the database's own, for
    /// links of every format and for text JSON has to escape.
    @Test func verifyAgreesWithTheDatabaseOnEveryFormatAndAwkwardText() async throws {
        try await LedgerFixture.with { fixture in
            let memos = ["\"quoted\" and \\ back", "tab\tnew\nline\r\u{08}\u{0C}\u{1F}\u{7F}", "中文 😀 é", "", "/slash"]
            for (index, memo) in memos.enumerated() {
                let entry = try JournalEntry(
                    key: "k\"\\\(index)", date: LedgerFixture.day("2026-03-0\(index + 1)"), memo: memo,
                    lines: [
                        .debit(AccountCode("121"), Money(fen: 100 + Int64(index))),
                        .credit(AccountCode("114"), member: MemberNumber(1), Money(fen: 100 + Int64(index))),
                    ])
                _ = try await fixture.ledger.post(entry, to: fixture.coop)
            }
            // The first links rewritten in format 1, the next in format 2, each hashed by the
            // database's own functions, the chain recomputed in SQL.
            let connection = try fixture.database.connect()
            try connection.execute(
                unsafeSQL: """
                    SET session_replication_role = replica;
                    UPDATE entry_hashes SET format = CASE WHEN chain_seq <= 2 THEN 1 WHEN chain_seq <= 4 THEN 2 ELSE 3 END WHERE coop_id = 'test-coop';
                    WITH lines AS (
                        SELECT p.entry_id, json_agg(canonical_line(p) ORDER BY p.line_no) AS v1, json_agg(canonical_line_v2(p) ORDER BY p.line_no) AS v2
                        FROM postings p WHERE p.coop_id = 'test-coop' GROUP BY p.entry_id
                    ), recomputed AS (
                        SELECT h.chain_seq, chain_hash('\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
                            CASE WHEN h.format = 1 THEN entry_canonical(e, l.v1) WHEN h.format = 2 THEN entry_canonical_v2(e, l.v2)
                                 ELSE entry_canonical_v3(e, v.month, v.number, l.v2) END) OVER (ORDER BY h.chain_seq) AS hash
                        FROM entry_hashes h JOIN journal_entries e USING (coop_id, entry_id) JOIN lines l USING (entry_id)
                        LEFT JOIN voucher_numbers v USING (coop_id, entry_id)
                        WHERE h.coop_id = 'test-coop'
                    )
                    UPDATE entry_hashes h SET hash = r.hash FROM recomputed r WHERE h.coop_id = 'test-coop' AND h.chain_seq = r.chain_seq;
                    SET session_replication_role = origin;
                    """)
            let sqlHead = try connection.query("SELECT encode(hash, 'hex') FROM chain_head('test-coop')").singleRow().decode(String.self, at: 0)
            guard case .intact(let head) = try await fixture.ledger.verifyChain(of: fixture.coop) else { Issue.record("broken"); return }
            #expect(head.hash == sqlHead && head.entries == 5)
            // And a changed memo of a format 1 link is still caught.
            try connection.execute(
                unsafeSQL:
                    "SET session_replication_role = replica; UPDATE journal_entries SET memo = memo || '!' WHERE idempotency_key = 'k\"\\1'; SET session_replication_role = origin;"
            )
            #expect(broken(try await fixture.ledger.verifyChain(of: fixture.coop))?.reason.contains("does not match") == true)
        }
    }
}
