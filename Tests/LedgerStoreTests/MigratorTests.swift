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
            let rows = try database.connect().query("""
                SELECT c.relname AS index_name, t.relname AS table_name, a.attname AS first_column
                FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_class t ON t.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
                WHERE n.nspname = 'public' AND t.relname <> 'schema_migrations'
                """).rows
            #expect(rows.count >= 8)
            for row in rows {
                let index = try row.decode(String.self, named: "index_name")
                #expect(try row.decode(String.self, named: "first_column") == "coop_id", "index \(index)")
            }
        }
    }
}
