import Foundation
import LedgerStore
import Postgres
import Testing
import TestSupport

@Suite struct MigratorTests {
    @Test func migratingTwiceAppliesNothingTheSecondTime() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let migrator = try Migrator(directory: TestDatabase.migrationsDirectory)
            let connection = try database.connect()
            let first = try migrator.apply(on: connection)
            #expect(first.count == migrator.migrations.count)
            #expect(!first.isEmpty)
            let second = try migrator.apply(on: connection)
            #expect(second.isEmpty)
            let recorded = try connection.query("SELECT count(*) FROM schema_migrations").singleRow().decode(Int64.self, at: 0)
            #expect(recorded == Int64(migrator.migrations.count))
        }
    }

    @Test func changedAppliedMigrationIsRefusedAndNothingIsApplied() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let original = try Migrator(directory: TestDatabase.migrationsDirectory)
            let connection = try database.connect()
            let head = Array(original.migrations.prefix(1))
            try Migrator(migrations: head).apply(on: connection)
            var edited = original.migrations
            edited[0] = Migration(version: edited[0].version, fileName: edited[0].fileName, sql: edited[0].sql + "\n-- edited after the fact\n")
            #expect(throws: MigrationError.self) { try Migrator(migrations: edited).apply(on: connection) }
            // The refusal came before anything else was applied.
            let recorded = try connection.query("SELECT count(*) FROM schema_migrations").singleRow().decode(Int64.self, at: 0)
            #expect(recorded == 1)
        }
    }

    @Test func databaseAheadOfTheseFilesIsRefused() async throws {
        try await TestDatabase.withFresh { database in
            let all = try Migrator(directory: TestDatabase.migrationsDirectory).migrations
            #expect(throws: MigrationError.self) {
                try Migrator(migrations: Array(all.dropLast())).pendingMigrations(on: database.connect())
            }
        }
    }

    @Test func failingMigrationLeavesTheDatabaseAsItWas() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try database.connect()
            let all = try Migrator(directory: TestDatabase.migrationsDirectory).migrations
            let broken = Migration(version: 999, fileName: "999_broken.sql", sql: "CREATE TABLE half_done (n integer); SELECT no_such_function();")
            #expect(throws: PostgresError.self) { try Migrator(migrations: all + [broken]).apply(on: connection) }
            let exists = try connection.query("SELECT to_regclass('half_done') IS NOT NULL").singleRow().decode(Bool.self, at: 0)
            #expect(!exists)
        }
    }

    @Test func everyKeyAndIndexOfLedgerTablesLeadsWithCoopID() async throws {
        try await TestDatabase.withFresh { database in
            let rows = try database.connect().query(
                """
                SELECT c.relname AS index_name, t.relname AS table_name, a.attname AS first_column
                FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
                WHERE n.nspname = 'public' AND t.relname NOT IN ('schema_migrations', 'people', 'districts', 'district_supervisors', 'actor_bindings')
                """
            ).rows
            // people is a reference table (one bookkeeper keeps many cooperatives' books):
            // on Citus it is copied to every node, not distributed, so it is keyed by login.
            // So are the districts and their supervisors, above the cooperatives (sql/031).
            // actor_bindings is a connection's state, not books: it lives on the node the
            // connection is on, keyed by its backend (sql/032).
            #expect(rows.count >= 8)
            for row in rows {
                let index = try row.decode(String.self, named: "index_name")
                #expect(try row.decode(String.self, named: "first_column") == "coop_id", "index \(index)")
            }
        }
    }

    /// A temporary table of the same name must never stand in for a table a rule reads: every
    /// trigger function and every function run as its owner looks in public before pg_temp
    /// (sql/032), new ones too; the helpers they call run under that setting.
    @Test func everyRuleLooksInPublicBeforeTemporaryTables() async throws {
        try await TestDatabase.withFresh { database in
            let loose = try database.connect().query(
                """
                SELECT p.proname FROM pg_proc p
                WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f' AND (p.prorettype = 'trigger'::regtype OR p.prosecdef)
                  AND NOT coalesce('search_path=public, pg_temp' = ANY (p.proconfig), false)
                """
            ).rows.map { try $0.decode(String.self, at: 0) }
            #expect(loose.isEmpty, "rules without SET search_path = public, pg_temp: \(loose)")
        }
    }

    /// Released migrations are append-only: a database that applied one must meet the same
    /// bytes forever. A schema change is a new numbered file; an edit to these fails here.
    static let released: [String: String] = [
        "001_cooperatives_and_chart.sql": "00f6d2fcfd937bf885ec4b8f08e9db8fa85bd9b6c435d7cc77eafbff25cdcf4a",
        "002_members.sql": "c27533a7a1c34c541bc0822424e26f0e64ada06eb90f336766ee32f9d4a07944",
        "003_journal.sql": "ba3f11c89b22511686f832c11e774ba32d6135c2884fbfce8337f98d9105e063",
        "004_operations.sql": "d96dc9c09a1ae9801b8bacd6b729ca5e04cba819e8317215d252b881d9aa1728",
        "005_distribution.sql": "986cb29d505e1c268f3eb097ef23af5bf2b88f9424a95dbf2e7d48e04b8b7b14",
        "006_hash_chain.sql": "a34e33cd0a529ebe27190e302ae354d0769c892282c931f46d234ff34822c7e2",
        "007_api_tokens.sql": "62e3c369377706b2794017841c640c08c43100b549f1573ac0e37c0111235528",
        "008_statutory_books.sql": "26d5e17ca77eabccdfc4a19a274380cbc0e984775a1704d47d920671b386e504",
        "009_bounded_amounts.sql": "72174853af0cfd62d6a76226c701985881ff1b6aa92a4e6e301eeeb320e514c1",
        "010_error_classes.sql": "a8c7609db57e9d5d6eb52579b49948afd1e512186287e02218874fc611804b77",
        "011_tamper_evidence_v2.sql": "322b9eb897e37ab0117e05a3aac3d63961cc5c276ab97d8444d7029f2a109634",
        "012_people_and_vouchers.sql": "2008dc23a7397361e8736a5c28a6f243de2fcd56a4079210e6e337e7c99f8aef",
        "013_months.sql": "1d7a77dc105fb984c3fccdac4380ec9579de2cbe4a4453382311de471be977e1",
        "014_opening_balances.sql": "283234bfedf9aa4f5870aace3bb67a7798f13a2f7cb060d1a35f2f48c9a8ff6e",
        "015_tamper_evidence_v3.sql": "f2b419349b12811b5fec7d2c2de00283c15df61c2e849882f3eda5e59d7d9fe0",
        "016_sub_accounts.sql": "fc6c75ffde827f12dc9664d2604d3440c1a770376afaa9f764f3eeb363ead889",
        "017_commit_checks_per_transaction.sql": "3c3592b5ee345e3956c611551fd84f3d03243c17de39fe2b2ea78dfa02c4b740",
        "018_cheaper_checks_per_transaction.sql": "20be9b67ed00c9e89c727fc8333a769d93e41051c600567f493b5d34e5812790",
        "019_membership_and_member_shares.sql": "b132ee06d17b49ad8a8869171736fb2b6abbb557d04f4c446a3c66ec3273f45f",
        "020_voucher_versions.sql": "a8f7887b8d0fb9db437bf90901c517d4510bec2c3ff86e712f4bada41d742776",
        "021_entry_dates_in_range.sql": "5aaf6deea84302d61221d692f3f7901c570851dc6c222a65b03e84befbf0526a",
        "022_sub_account_takes_the_balance.sql": "9234d6b8045010a0b555f5c6bbad089fc4daa4d80213d977924302bfa701bccb",
        "023_chain_step_linear.sql": "90b639699c6c7eb32ffdc3002351574387affd3524ebe41172f5ac1a978373b9",
        "024_credentials_stamp.sql": "777effd0a6ed91f6c16da95a79a0b95b3fb672e6a07d6d471a01a34adc7b5e5f",
        "025_approval_for_operations.sql": "1054e8c01bf70dfa4fd3c4e4c7a966da9e8d4587e01826ec47eeb7af170b19bf",
        "026_households_and_payroll.sql": "c490bbf4c2fe71e6f682d213be3f2af986d06b0bd00d84fa3bffc3678ba02f71",
        "027_record_chain.sql": "b4ecf45158ef77b40b8896b2ebdbb3733965fd337f0bb639fe18ec07471f2625",
        "028_opening_during_a_year.sql": "86c5d08f5ee260d235f9a490e107f6f9346b162a5d00f0e3f3e15a4dc65557d6",
        "029_asset_register.sql": "8eceb011d0af7cb1e60ef4ea5c0c1252805d7efc27ef3bcf27370694b7b23556",
        "030_sign_in_tokens.sql": "2e4586d28b13209e87ee8842b9df2d881579f9201403c7f2318f2b5a7d013ea9",
        "031_districts.sql": "7a1bdfca482ddea7e344efcd56e94235a6c2523a4697c4afd6304ef1c6c19293",
        "032_proven_actor.sql": "ef40b1dde2992b9c0856247c925779c34300361bdf792cb91d1d36b15469e0dc",
        "033_cheaper_posting_checks.sql": "583936db7114b08e761d9950f5db12d8a5d568d7fbc780b44b43764c40efe218",
        "034_commit_checks_once_per_transaction.sql": "d52999dfa02929e89268eb78f23e3647efb76ef62d72c859ea34448db955cacd",
        "035_voucher_numbers_read_by_entry.sql": "40c496d32bd74de5e7e62633ee934b5e8b9111125e97d16f628786a97a2ed89d",
    ]

    @Test func releasedMigrationsAreNeverEdited() async throws {
        // The checksums were recorded by PostgreSQL's sha256() while the server computed them:
        // the migrator's own must go on matching what databases hold.
        let migrations = try Migrator(directory: TestDatabase.migrationsDirectory).migrations
        for (fileName, checksum) in Self.released {
            let migration = try #require(migrations.first { $0.fileName == fileName }, "released migration \(fileName) is gone")
            #expect(migration.checksum == checksum, "\(fileName) was edited after release; put the change in a new numbered file")
        }
    }
}
