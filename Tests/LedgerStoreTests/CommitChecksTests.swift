import LedgerCore
import LedgerStore
import Postgres
import Testing
import TestSupport

/// The commit checks run once per cooperative and transaction, over every entry it wrote
/// (017): no entry escapes them, whatever SQL a client sends.
extension JournalInvariantTests {
    @Test func oneUnbalancedEntryAmongManyRefusesTheTransaction() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let error = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key)
                VALUES ('c1', 2, '2026-03-01', 'k2'), ('c1', 3, '2026-03-01', 'k3'), ('c1', 4, '2026-03-01', 'k4');
                INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 500, '2026-03-01', 'general'), ('c1', 2, 2, '301', 7, -500, '2026-03-01', 'general'),
                                            ('c1', 3, 1, '102', NULL, 500, '2026-03-01', 'general'), ('c1', 3, 2, '301', 7, -499, '2026-03-01', 'general'),
                                            ('c1', 4, 1, '102', NULL, 500, '2026-03-01', 'general'), ('c1', 4, 2, '301', 7, -500, '2026-03-01', 'general');
                COMMIT;
                """)
            #expect(error?.sqlState == DatabaseRefusal.unbalanced)
            #expect(error?.message.contains("entry 3 does not balance") == true)
            #expect(try count(connection, "journal_entries") == 1)
        }
    }

    /// A transaction that writes to several cooperatives is checked, numbered and chained for
    /// each of them at once (034), whatever it sets the note of its cooperatives to: an
    /// unbalanced entry in any of them refuses it, and a good one numbers and chains each.
    @Test func aTransactionOverSeveralCooperativesIsCheckedForEachWhateverItsNoteSays() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            try connection.execute(
                unsafeSQL: """
                    INSERT INTO cooperatives (coop_id, name) VALUES ('c2', '二社'), ('c3', '三社');
                    INSERT INTO members (coop_id, member_no, name) VALUES ('c2', 7, '李四'), ('c3', 7, '王五');
                    """)
            func entries(_ id: Int, unbalancedIn bad: String?, note: String?) -> String {
                let rows = ["c3", "c1", "c2"].map { coop in
                    """
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('\(coop)', \(id), '2026-03-01', 'k\(id)');
                    INSERT INTO postings VALUES ('\(coop)', \(id), 1, '102', NULL, 500, '2026-03-01', 'general'),
                                                ('\(coop)', \(id), 2, '301', 7, \(coop == bad ? -499 : -500), '2026-03-01', 'general');
                    """
                }
                let setNote = note.map { "SELECT set_config('coopledger.pending_checks', '\($0)', true);" } ?? ""
                return "BEGIN;\n" + rows.joined(separator: "\n") + "\n\(setNote)\nCOMMIT;"
            }
            for (bad, note) in [("c1", nil), ("c2", ""), ("c3", "c1"), ("c2", "c1,c3,nowhere")] as [(String, String?)] {
                let error = refusal(connection, entries(10, unbalancedIn: bad, note: note))
                #expect(error?.sqlState == DatabaseRefusal.unbalanced, "unbalanced in \(bad), note \(note ?? "as written")")
            }
            #expect(try count(connection, "journal_entries") == 1)
            for (id, note) in zip(21..., [nil, "", "c2"] as [String?]) {
                #expect(refusal(connection, entries(id, unbalancedIn: nil, note: note)) == nil)
            }
            // Each cooperative's entries numbered 1, 2, 3 in its month and chained in order.
            let chained = try connection.query(
                """
                SELECT string_agg(coop_id || ':' || number || ':' || chain_seq, ',' ORDER BY coop_id, entry_id)
                FROM voucher_numbers JOIN entry_hashes USING (coop_id, entry_id) WHERE entry_id >= 20
                """
            ).singleRow().decode(String.self, at: 0)
            #expect(chained == "c1:2:2,c1:3:3,c1:4:4,c2:1:1,c2:2:2,c2:3:3,c3:1:1,c3:2:2,c3:3:3", "\(chained)")
            #expect(try connection.query("SELECT count(*) FROM commit_checks").singleRow().decode(Int64.self, at: 0) == 0)
        }
    }

    @Test func theChecksBookkeepingIsTheTriggersAlone() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            for sneak in [
                "DELETE FROM unchecked_entries", "DELETE FROM commit_checks", "TRUNCATE unchecked_entries",
                "UPDATE unchecked_entries SET entry_id = 1", "INSERT INTO commit_checks VALUES ('c1', pg_current_xact_id())",
            ] {
                let error = refusal(
                    connection,
                    """
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k2');
                    \(sneak);
                    COMMIT;
                    """)
                #expect(error?.sqlState == DatabaseRefusal.appendOnly, "\(sneak)")
            }
            #expect(try count(connection, "journal_entries") == 1)
        }
    }

    @Test func entriesWrittenInASavepointOrAfterImmediateChecksAreChecked() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            let inSavepoint = refusal(
                connection,
                """
                BEGIN;
                SAVEPOINT s;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k2');
                RELEASE s;
                COMMIT;
                """)
            #expect(inSavepoint?.sqlState == DatabaseRefusal.unbalanced)
            let afterImmediate = refusal(
                connection,
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 2, '2026-03-01', 'k2');
                INSERT INTO postings VALUES ('c1', 2, 1, '102', NULL, 500, '2026-03-01', 'general'), ('c1', 2, 2, '301', 7, -500, '2026-03-01', 'general');
                SET CONSTRAINTS ALL IMMEDIATE;
                SET CONSTRAINTS ALL DEFERRED;
                INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c1', 3, '2026-03-01', 'k3');
                COMMIT;
                """)
            #expect(afterImmediate?.sqlState == DatabaseRefusal.unbalanced)
            #expect(afterImmediate?.message.contains("entry 3 has 0 line(s)") == true)
            #expect(try count(connection, "journal_entries") == 1)
        }
    }

    @Test func oneTransactionAcrossCooperativesNumbersAndChainsEach() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try seeded(database)
            try connection.execute(
                unsafeSQL: """
                    INSERT INTO cooperatives (coop_id, name) VALUES ('c2', '第二合作社');
                    BEGIN;
                    INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key)
                    VALUES ('c1', 2, '2026-03-05', 'k2'), ('c2', 3, '2026-03-05', 'k3'), ('c1', 4, '2026-04-01', 'k4'), ('c1', 5, '2026-03-06', 'k5');
                    INSERT INTO postings SELECT coop_id, entry_id, 1, '102', NULL, 700, entry_date, 'general' FROM journal_entries WHERE entry_id > 1;
                    INSERT INTO postings SELECT coop_id, entry_id, 2, '501', NULL, -700, entry_date, 'general' FROM journal_entries WHERE entry_id > 1;
                    COMMIT;
                    """)
            let numbers = try connection.query(
                """
                SELECT string_agg(h.coop_id || ':' || h.entry_id || '#' || h.chain_seq || '/' || to_char(v.month, 'MM') || '-' || v.number, ' '
                                  ORDER BY h.coop_id, h.chain_seq)
                FROM entry_hashes h JOIN voucher_numbers v USING (coop_id, entry_id)
                """
            ).singleRow().decode(String.self, at: 0)
            #expect(numbers == "c1:1#1/03-1 c1:2#2/03-2 c1:4#3/04-1 c1:5#4/03-3 c2:3#1/03-1")
            #expect(try count(connection, "unchecked_entries") == 0)
            #expect(try count(connection, "commit_checks") == 0)
            for coop in ["c1", "c2"] {
                try connection.execute(unsafeSQL: "BEGIN")
                let verdict = try HashChain(connection, coop: try CoopCode(parsing: coop)).verify()
                try connection.execute(unsafeSQL: "COMMIT")
                guard case .intact = verdict else {
                    Issue.record("\(coop): \(verdict)")
                    continue
                }
            }
        }
    }
}
