import LedgerCore
import LedgerService
import LedgerStore
import Postgres
import SampleBooks
import Testing
import TestSupport

/// Issue 28, case 5: what an auditor relies on beyond the journal, each field the second audit
/// changed, now under the chain of records (sql/027). An edit made behind the triggers is
/// found by `verify`; a change made through them is a link naming who made it.
@Suite struct RecordChainTests {
    static let coop = SampleCooperative.code

    /// Each edit the audit made, as raw SQL with the triggers disabled.
    static let tampering: [(what: String, sql: String)] = [
        (
            "a contribution's source (capital by source)",
            "UPDATE contributions SET source = CASE source WHEN 'other' THEN 'poverty_alleviation_assets' ELSE 'other' END WHERE coop_id = 'baiyin-pig' AND entry_id = (SELECT min(entry_id) FROM contributions WHERE coop_id = 'baiyin-pig')"
        ),
        (
            "a purchase's amount (premium and patronage evidence)",
            "UPDATE purchases SET amount_fen = amount_fen + 100 WHERE coop_id = 'baiyin-pig' AND entry_id = (SELECT min(entry_id) FROM purchases WHERE coop_id = 'baiyin-pig')"
        ),
        (
            "a purchase deleted",
            "DELETE FROM purchases WHERE coop_id = 'baiyin-pig' AND entry_id = (SELECT max(entry_id) FROM purchases WHERE coop_id = 'baiyin-pig')"
        ),
        ("a member's name", "UPDATE members SET name = name || '改' WHERE coop_id = 'baiyin-pig' AND member_no = 3"),
        ("a member's poor-household flag", "UPDATE members SET is_poor_household = NOT is_poor_household WHERE coop_id = 'baiyin-pig' AND member_no = 3"),
        ("a member's join date", "UPDATE members SET joined_on = joined_on + 1 WHERE coop_id = 'baiyin-pig' AND member_no = 3"),
        ("a household's poverty status", "UPDATE households SET poverty = 'none' WHERE coop_id = 'baiyin-pig' AND household_no = 1"),
        ("a person's name (the 审核 on vouchers)", "UPDATE people SET name = '别人' WHERE login = 'li'"),
        ("a role granted", "INSERT INTO person_roles (coop_id, login, role) VALUES ('baiyin-pig', 'wang', 'admin')"),
        ("a password hash", "UPDATE people SET password_hash = (SELECT password_hash FROM people WHERE login = 'zhao') WHERE login = 'li'"),
        ("the reserve rate", "UPDATE cooperatives SET reserve_rate_bp = 5000 WHERE coop_id = 'baiyin-pig'"),
        (
            "a lease's area",
            "UPDATE leases SET area_hundredths_mu = area_hundredths_mu + 100 WHERE coop_id = 'baiyin-pig' AND lease_id = (SELECT min(lease_id) FROM leases WHERE coop_id = 'baiyin-pig')"
        ),
        (
            "a loan-equity payout",
            "UPDATE loan_equity_contracts SET payout_fen = payout_fen + 100000 WHERE coop_id = 'baiyin-pig' AND contract_id = (SELECT min(contract_id) FROM loan_equity_contracts WHERE coop_id = 'baiyin-pig')"
        ),
        ("a run's figures (02)", "UPDATE distribution_run_members SET patronage_refund = patronage_refund + 1 WHERE coop_id = 'baiyin-pig' AND member_no = 2"),
        ("an account's kind", "UPDATE accounts SET kind = 'liability' WHERE coop_id = 'baiyin-pig' AND code = '121'"),
        ("an account's name", "UPDATE accounts SET name = '别的' WHERE coop_id = 'baiyin-pig' AND code = '121'"),
        (
            "a voucher draft",
            "UPDATE vouchers SET memo = memo || '改' WHERE coop_id = 'baiyin-pig' AND voucher_id = (SELECT min(voucher_id) FROM vouchers WHERE coop_id = 'baiyin-pig')"
        ),
        ("the chain itself rewritten", "UPDATE record_changes SET image = image || '{\"name\": \"X\"}' WHERE coop_id = 'baiyin-pig' AND seq = 5"),
    ]

    @Test func everyEditBehindTheTriggersIsFound() async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool()
            let ledger = Ledger(pool: pool, logger: .init(label: "test"), actor: .system)
            _ = try await SampleCooperative.load(into: ledger)
            guard case .intact(let changes, let head) = try await ledger.verifyRecords(of: Self.coop) else {
                Issue.record("the sample's records do not verify")
                return
            }
            #expect(changes > 100 && head.count == 64)
            let connection = try database.connect()
            for (what, sql) in Self.tampering {
                // Inside a transaction that is rolled back: the books are whole again after each.
                try connection.execute(unsafeSQL: "BEGIN")
                try connection.execute(unsafeSQL: "SET LOCAL session_replication_role = replica")
                try connection.execute(unsafeSQL: sql)
                let verdict = try RecordChain(connection, coop: Self.coop).verify()
                try connection.execute(unsafeSQL: "ROLLBACK")
                guard case .broken(let problems) = verdict else {
                    Issue.record("\(what): not found")
                    continue
                }
                #expect(!problems.isEmpty, "\(what)")
            }
            #expect(try await ledger.verifyRecords(of: Self.coop) == .intact(changes: changes, head: head))
            await pool.close()
        }
    }

    /// Through the triggers, evidence cannot change and a record's change is a link with its author.
    @Test func aChangeThroughTheTriggersIsALinkWithItsAuthor() async throws {
        try await LedgerFixture.with { fixture in
            let connection = try fixture.database.connect(actingAs: "system")
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "c", member: 1, fen: 100_000), to: fixture.coop)
            _ = try await fixture.ledger.contribute(
                member: MemberNumber(2), amount: Money(fen: 100_000), source: .other,
                date: LedgerFixture.day("2026-03-02"), key: try ClientKey("cap"), in: fixture.coop)
            #expect(throws: PostgresError.self) { try connection.execute(unsafeSQL: "UPDATE contributions SET source = 'poverty_alleviation_assets'") }
            try connection.execute(unsafeSQL: "UPDATE members SET name = '成员一' WHERE coop_id = 'test-coop' AND member_no = 1")
            let link = try connection.query(
                """
                SELECT changed_by, image ->> 'name' FROM record_changes
                WHERE coop_id = 'test-coop' AND table_name = 'members' ORDER BY seq DESC LIMIT 1
                """
            ).singleRow()
            #expect(try link.decode(String.self, at: 0) == "system")
            #expect(try link.decode(String.self, at: 1) == "成员一")
            guard case .intact = try await fixture.ledger.verifyRecords(of: fixture.coop) else {
                Issue.record("a change through the triggers should verify")
                return
            }
        }
    }
}
