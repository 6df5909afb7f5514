import Foundation
import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// Vouchers: numbered without gaps per cooperative and month, prepared by one person and
/// approved by another, enforced by the database as well as by Swift.
@Suite struct VoucherTests {
    static func day(_ text: String) -> Day { LedgerFixture.day(text) }

    static func purchase(_ key: String, date: String, fen: Int64 = 1_000) throws -> JournalEntry {
        try JournalEntry(
            key: key, date: day(date), memo: "饲料",
            lines: [
                .debit(.productsAndMaterials, Money(fen: fen)), .credit(.bankDeposits, Money(fen: fen)),
            ])
    }

    static func content(date: String = "2026-03-05", fen: Int64 = 150_000) throws -> VoucherContent {
        try VoucherContent(
            date: day(date), memo: "购买饲料",
            lines: [
                .debit(.productsAndMaterials, Money(fen: fen)), .credit(.bankDeposits, Money(fen: fen)),
            ], attachments: 2)
    }

    /// 王会计 prepares, 李主管 approves, in the fixture's cooperative.
    static func people(_ fixture: LedgerFixture) async throws -> (preparer: Ledger, approver: Ledger) {
        let wang = try Login(parsing: "wang"), li = try Login(parsing: "li")
        _ = try await fixture.ledger.addPerson(try Person(login: wang, name: "王会计"), password: nil, role: .preparer, in: fixture.coop)
        _ = try await fixture.ledger.addPerson(try Person(login: li, name: "李主管"), password: nil, role: .approver, in: fixture.coop)
        return (fixture.ledger.acting(as: wang), fixture.ledger.acting(as: li))
    }

    func numbers(_ fixture: LedgerFixture, coop: String = "test-coop", month: String) throws -> [Int32] {
        try fixture.database.connect().query(
            """
            SELECT number FROM voucher_numbers WHERE coop_id = \(coop) AND month = \(month)::date ORDER BY number
            """
        ).rows.map { try $0.decode(Int32.self, at: 0) }
    }

    @Test func eightConcurrentPostersGetNumbersOneToNWithoutGapOrDuplicate() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            try await withThrowingTaskGroup(of: Void.self) { group in
                for poster in 0..<8 {
                    group.addTask {
                        for index in 0..<10 {
                            _ = try await ledger.post(try Self.purchase("p\(poster)-\(index)", date: "2026-03-\(10 + index)"), to: fixture.coop)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try numbers(fixture, month: "2026-03-01") == Array(1...80))
            // In posting (commit) order, which the hash chain records: an entry chained later
            // never has a smaller number in its month. (Entry ids come from a sequence before
            // the poster queues for its month, so they need not be in this order.)
            let order = try fixture.database.connect().query(
                """
                SELECT v.number FROM voucher_numbers v JOIN entry_hashes h USING (coop_id, entry_id)
                WHERE v.coop_id = 'test-coop' ORDER BY h.chain_seq
                """
            ).rows.map { try $0.decode(Int32.self, at: 0) }
            #expect(order == order.sorted())
        }
    }

    @Test func numbersRestartEachMonthAndArePerCooperative() async throws {
        try await LedgerFixture.with { fixture in
            let other = try CoopCode(parsing: "other-coop")
            _ = try await fixture.ledger.createCooperative(try Cooperative(code: other, name: "别的社", settings: .standard))
            let first = try await fixture.ledger.post(try Self.purchase("a", date: "2026-03-31"), to: fixture.coop)
            _ = try await fixture.ledger.post(try Self.purchase("b", date: "2026-04-01"), to: fixture.coop)
            _ = try await fixture.ledger.post(try Self.purchase("c", date: "2026-03-02"), to: other)
            let later = try await fixture.ledger.post(try Self.purchase("d", date: "2026-03-01"), to: fixture.coop)
            #expect(try await fixture.ledger.entry(first.entryID, in: fixture.coop)?.voucher?.description == "记-2026-03-0001")
            // Dated earlier but posted later: the next number of its month.
            #expect(try await fixture.ledger.entry(later.entryID, in: fixture.coop)?.voucher?.description == "记-2026-03-0002")
            #expect(try numbers(fixture, month: "2026-04-01") == [1])
            #expect(try numbers(fixture, coop: "other-coop", month: "2026-03-01") == [1])
        }
    }

    @Test func aRolledBackPostingGivesItsNumberBack() async throws {
        try await LedgerFixture.with { fixture in
            _ = try await fixture.ledger.post(try Self.purchase("a", date: "2026-05-01"), to: fixture.coop)
            let connection = try fixture.database.connect(actingAs: "system")
            #expect(throws: PostgresError.self) {
                try connection.execute(
                    unsafeSQL: """
                        BEGIN;
                        INSERT INTO journal_entries (coop_id, entry_date, idempotency_key) VALUES ('test-coop', '2026-05-02', 'unbalanced');
                        INSERT INTO postings SELECT 'test-coop', currval('journal_entry_id_seq'), 1, '121', NULL, 500, '2026-05-02', 'general';
                        INSERT INTO postings SELECT 'test-coop', currval('journal_entry_id_seq'), 2, '102', NULL, -400, '2026-05-02', 'general';
                        COMMIT;
                        """)
            }
            try? connection.execute(unsafeSQL: "ROLLBACK")
            _ = try await fixture.ledger.post(try Self.purchase("b", date: "2026-05-03"), to: fixture.coop)
            #expect(try numbers(fixture, month: "2026-05-01") == [1, 2])
            // Nobody writes numbers or counters by hand.
            #expect(throws: PostgresError.self) {
                try connection.execute(unsafeSQL: "UPDATE voucher_counters SET last_number = last_number + 1 WHERE coop_id = 'test-coop'")
            }
            #expect(throws: PostgresError.self) {
                try connection.execute(unsafeSQL: "INSERT INTO voucher_numbers VALUES ('test-coop', '2026-05-01', 3, 1)")
            }
        }
    }

    @Test func aVoucherIsPreparedApprovedByAnotherPersonAndPosted() async throws {
        try await LedgerFixture.with { fixture in
            let (wang, li) = try await Self.people(fixture)
            let draft = try await wang.draftVoucher(try Self.content(), in: fixture.coop)
            #expect(draft.status == .draft)
            #expect(try fixture.entryCount() == 0) // a draft is not in the journal
            await #expect { _ = try await wang.approveVoucher(draft.id, version: draft.version, in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .forbidden
            }
            await #expect { _ = try await li.postVoucher(draft.id, in: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .voucherRule }
            await #expect { _ = try await li.editVoucher(draft.id, try Self.content(fen: 9), in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .voucherRule
            }

            let approved = try await li.approveVoucher(draft.id, version: draft.version, in: fixture.coop)
            #expect(approved.approvedBy?.rawValue == "li")
            await #expect { _ = try await wang.editVoucher(draft.id, try Self.content(fen: 9), in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .voucherRule
            }

            let outcome = try await wang.postVoucher(draft.id, in: fixture.coop)
            #expect(try await wang.postVoucher(draft.id, in: fixture.coop) == .replayed(outcome.entryID))
            let stored = try #require(try await fixture.ledger.entry(outcome.entryID, in: fixture.coop))
            #expect(stored.voucher?.description == "记-2026-03-0001")
            #expect(
                stored.people == EntryPeople(preparedBy: try Login(parsing: "wang"), approvedBy: try Login(parsing: "li"), postedBy: try Login(parsing: "wang"))
            )
            #expect(stored.attachments == 2)
            await #expect { try await wang.deleteVoucher(draft.id, in: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .voucherRule }

            let sheet = try await fixture.ledger.voucherSheet(try #require(stored.voucher), in: fixture.coop)
            #expect(sheet.peopleNames[try Login(parsing: "li")] == "李主管")
        }
    }

    /// Li opens draft 4 at 5.00; Wang re-saves it at 98,765.43; Li's approval of what she saw
    /// is refused on every door, and the database refuses it from raw SQL too.
    @Test func anApprovalIsBoundToTheVersionTheApproverSaw() async throws {
        try await LedgerFixture.with { fixture in
            let (wang, li) = try await Self.people(fixture)
            let draft = try await wang.draftVoucher(try Self.content(fen: 500), in: fixture.coop)
            let seen = try await li.voucher(draft.id, in: fixture.coop)
            let changed = try await wang.editVoucher(draft.id, try Self.content(fen: 9_876_543), in: fixture.coop)
            #expect(changed.version > seen.version)
            await #expect { _ = try await li.approveVoucher(draft.id, version: seen.version, in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .voucherChanged
            }
            #expect(try await fixture.ledger.voucher(draft.id, in: fixture.coop).approvedBy == nil)
            let connection = try fixture.database.connect(actingAs: "li")
            #expect(
                performing: {
                    try connection.execute(
                        unsafeSQL:
                            "UPDATE vouchers SET approved_by = 'li', approved_at = now(), approved_version = \(seen.version) WHERE voucher_id = \(draft.id)")
                }, throws: { ($0 as? PostgresError)?.sqlState?.code == "CL014" })
            #expect(
                performing: {
                    try connection.execute(unsafeSQL: "UPDATE vouchers SET approved_by = 'li', approved_at = now() WHERE voucher_id = \(draft.id)")
                }, throws: { ($0 as? PostgresError)?.sqlState?.code == "CL014" })
            // A version moves only with the content.
            #expect(throws: PostgresError.self) { try connection.execute(unsafeSQL: "UPDATE vouchers SET version = 1 WHERE voucher_id = \(draft.id)") }

            // What Li sees now she may approve; approved, it is neither edited nor deleted.
            let approved = try await li.approveVoucher(draft.id, version: changed.version, in: fixture.coop)
            #expect(approved.approvedBy?.rawValue == "li" && approved.content == changed.content)
            await #expect { try await wang.deleteVoucher(draft.id, in: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .voucherRule }
            let preparer = try fixture.database.connect(actingAs: "wang")
            #expect(
                performing: { try preparer.execute(unsafeSQL: "DELETE FROM vouchers WHERE voucher_id = \(draft.id)") },
                throws: { ($0 as? PostgresError)?.sqlState?.code == "CL011" })
        }
    }

    @Test func theDatabaseRefusesAnApprovalByThePreparerEvenFromRawSQL() async throws {
        try await LedgerFixture.with { fixture in
            let (wang, _) = try await Self.people(fixture)
            // wang is given the approver role too: still not for his own voucher.
            _ = try await fixture.ledger.addPerson(try Person(login: Login(parsing: "wang"), name: "王会计"), password: nil, role: .approver, in: fixture.coop)
            let draft = try await wang.draftVoucher(try Self.content(), in: fixture.coop)
            await #expect { _ = try await wang.approveVoucher(draft.id, version: draft.version, in: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .voucherRule
            }
            let connection = try fixture.database.connect(actingAs: "wang")
            for sql in [
                "UPDATE vouchers SET approved_by = 'wang', approved_at = now() WHERE voucher_id = \(draft.id)",
                // Posting it with wang as its approver.
                """
                BEGIN;
                INSERT INTO journal_entries (coop_id, entry_date, idempotency_key, voucher_id, prepared_by, approved_by)
                VALUES ('test-coop', '2026-03-05', 'raw', \(draft.id), 'wang', 'wang');
                COMMIT;
                """,
                // Approving it in li's name while acting as wang.
                "UPDATE vouchers SET approved_by = 'li', approved_at = now() WHERE voucher_id = \(draft.id)",
            ] {
                #expect(throws: PostgresError.self) { try connection.execute(unsafeSQL: sql) }
                try? connection.execute(unsafeSQL: "ROLLBACK")
            }
            #expect(try await fixture.ledger.voucher(draft.id, in: fixture.coop).approvedBy == nil)
            #expect(try fixture.entryCount() == 0)
        }
    }

    @Test func aCooperativeThatRequiresApprovalTakesGeneralEntriesOnlyFromApprovedVouchers() async throws {
        try await LedgerFixture.with { fixture in
            let (wang, li) = try await Self.people(fixture)
            try await fixture.ledger.setRequiresApproval(true, in: fixture.coop)
            await #expect { _ = try await wang.post(try Self.purchase("direct", date: "2026-03-01"), to: fixture.coop) } throws: {
                ($0 as? LedgerError)?.code == .voucherRule
            }
            let connection = try fixture.database.connect(actingAs: "wang")
            #expect(throws: PostgresError.self) {
                try connection.execute(
                    unsafeSQL: """
                        BEGIN;
                        INSERT INTO journal_entries (coop_id, entry_date, idempotency_key) VALUES ('test-coop', '2026-03-01', 'raw');
                        COMMIT;
                        """)
            }
            try? connection.execute(unsafeSQL: "ROLLBACK")
            let draft = try await wang.draftVoucher(try Self.content(), in: fixture.coop)
            _ = try await li.approveVoucher(draft.id, version: draft.version, in: fixture.coop)
            _ = try await li.postVoucher(draft.id, in: fixture.coop)
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test func thePostersRolesAreCheckedByTheDatabase() async throws {
        try await LedgerFixture.with { fixture in
            let (wang, _) = try await Self.people(fixture)
            // A preparer posts day-to-day entries, not capital contributions (an admin's).
            _ = try await wang.post(try Self.purchase("ok", date: "2026-03-01"), to: fixture.coop)
            let asWang = try fixture.database.connect(actingAs: "wang")
            #expect {
                try asWang.execute(
                    unsafeSQL:
                        "INSERT INTO journal_entries (coop_id, entry_date, idempotency_key, kind) VALUES ('test-coop', '2026-03-01', 'cap', 'capital_contribution')"
                )
            } throws: { ($0 as? PostgresError)?.sqlState?.code == "CL010" }
            // An auditor posts nothing; nor does a write that names nobody.
            _ = try await fixture.ledger.addPerson(try Person(login: Login(parsing: "zhao"), name: "赵审计"), password: nil, role: .auditor, in: fixture.coop)
            await #expect {
                _ = try await fixture.ledger.acting(as: try Login(parsing: "zhao")).post(try Self.purchase("a", date: "2026-03-01"), to: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .forbidden }
            let anonymous = try fixture.database.connect()
            #expect(throws: PostgresError.self) {
                try anonymous.execute(
                    unsafeSQL: "INSERT INTO journal_entries (coop_id, entry_date, idempotency_key) VALUES ('test-coop', '2026-03-01', 'nobody')")
            }
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test func passwordsAreStoredAsBcryptAndChecked() async throws {
        try await LedgerFixture.with { fixture in
            let login = try Login(parsing: "wang")
            _ = try await fixture.ledger.addPerson(
                try Person(login: login, name: "王会计"), password: try Password("correct horse"), role: .preparer, in: fixture.coop)
            let stored = try fixture.database.connect().query("SELECT password_hash FROM people WHERE login = 'wang'").singleRow().decode(String.self, at: 0)
            #expect(stored.hasPrefix("$2"))
            #expect(!stored.contains("correct horse"))
            #expect(try await fixture.ledger.checkPassword("correct horse", of: login))
            #expect(try await !fixture.ledger.checkPassword("wrong horse", of: login))
            #expect(throws: LedgerError.self) { try Password("short") }
            #expect(throws: LedgerError.self) { try Password(String(repeating: "x", count: 73)) }
        }
    }
}

extension VoucherTests {
    /// With approval required, a preparer alone moves no money by an operation either: a
    /// purchase paid out of the bank, a sale or a cost transfer is posted by an approver or
    /// admin (issue 28, case 4), and the database refuses it too.
    @Test func whereApprovalIsRequiredAPreparerAlonePostsNoOperation() async throws {
        try await LedgerFixture.with { fixture in
            let (wang, li) = try await Self.people(fixture)
            try await fixture.ledger.setRequiresApproval(true, in: fixture.coop)
            let corn = try Purchase(
                member: MemberNumber(1), product: "corn", quantity: Weight(grams: 1_000_000),
                marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 20_000), priceDate: LedgerFixture.day("2026-03-01"),
                priceSource: "market", premium: BasisPoints(500))
            await #expect {
                _ = try await wang.purchase(corn, date: LedgerFixture.day("2026-03-02"), key: "corn-wang", paidAtOnce: true, in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .voucherRule }
            #expect(try fixture.entryCount() == 0)
            _ = try await li.purchase(corn, date: LedgerFixture.day("2026-03-02"), key: "corn-li", paidAtOnce: true, in: fixture.coop)
            #expect(try fixture.entryCount() == 2)
            let connection = try fixture.database.connect(actingAs: "wang")
            #expect(
                performing: {
                    try connection.execute(
                        unsafeSQL: """
                            BEGIN;
                            INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key, kind) VALUES ('test-coop', 9000, '2026-03-03', 'raw', 'purchase');
                            COMMIT;
                            """)
                }, throws: { ($0 as? PostgresError)?.sqlState?.code == "CL011" })
            try? connection.execute(unsafeSQL: "ROLLBACK")
        }
    }

    /// Issue 28, case 2: a preparer of one cooperative minted an admin token for another.
    @Test func onlyACooperativesAdminMakesItsTokensAndOnlyTheOperatorOneOfEvery() async throws {
        try await LedgerFixture.with { fixture in
            let (preparer, _) = try await Self.people(fixture)
            let chen = try Login(parsing: "chen")
            _ = try await fixture.ledger.addPerson(try Person(login: chen, name: "陈社长"), password: nil, role: .admin, in: fixture.coop)
            let admin = fixture.ledger.acting(as: chen)
            let forbidden: (any Error) -> Bool = { ($0 as? LedgerError)?.code == .forbidden }
            await #expect(performing: { try await preparer.createToken(role: .admin, coop: fixture.coop) }, throws: forbidden)
            await #expect(performing: { try await preparer.createToken(role: .auditor, coop: fixture.coop) }, throws: forbidden)
            await #expect(performing: { try await preparer.createToken(role: .admin, coop: nil) }, throws: forbidden)
            await #expect(performing: { try await admin.createToken(role: .admin, coop: nil) }, throws: forbidden)
            await #expect(performing: { try await admin.createToken(for: try Login(parsing: "li"), coop: nil) }, throws: forbidden)
            #expect(try await admin.createToken(role: .auditor, coop: fixture.coop).id > 0)
            #expect(try await fixture.ledger.createToken(role: .admin, coop: nil).id > 0)
        }
    }
}
