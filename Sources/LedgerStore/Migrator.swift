import Foundation
import Postgres

/// One numbered SQL file of `sql/`, such as `003_journal.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let fileName: String
    public let sql: String

    public init(version: Int, fileName: String, sql: String) {
        self.version = version
        self.fileName = fileName
        self.sql = sql
    }

    /// SHA-256 of the file's text, what `schema_migrations` records of it: computed here,
    /// not by a round trip per file at every start of the command line.
    public var checksum: String { SHA256.hex(ofUTF8: sql) }
}

public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Applies the numbered files of `sql/` in order, each recorded with its checksum.
///
/// Re-running applies nothing; an applied file whose text changed is refused, since
/// the databases it already ran on would silently differ from new ones.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Reads `NNN_name.sql` files from a folder.
    public init(directory: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for name in names {
            guard let version = Int(name.prefix { $0.isNumber }), name.first?.isNumber == true else {
                throw MigrationError(description: "\(name): a migration file name starts with its number, like 004_leases.sql")
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw MigrationError(description: "\(name) and \(clash.fileName) share the number \(version)")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            migrations.append(Migration(version: version, fileName: name, sql: sql))
        }
        self.init(migrations: migrations)
    }

    /// The `sql/` folder: `COOPLEDGER_SQL_DIR`, else `share/coopledger/sql` beside the
    /// installed binary, else the `sql/` of the source tree the binary was built in.
    public static func defaultDirectory(executable: URL? = Bundle.main.executableURL) -> URL? {
        if let override = ProcessInfo.processInfo.environment["COOPLEDGER_SQL_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        if let executable = executable?.resolvingSymlinksInPath() {
            let binDirectory = executable.deletingLastPathComponent()
            candidates.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/coopledger/sql"))
            var folder = binDirectory
            while folder.path != "/" {
                candidates.append(folder.appendingPathComponent("sql"))
                folder = folder.deletingLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sql"))
        return candidates.first { candidate in
            (try? FileManager.default.contentsOfDirectory(atPath: candidate.path).contains { $0.hasSuffix(".sql") }) == true
        }
    }

    /// Applies what is pending, all in one transaction. Returns what it applied.
    @discardableResult
    public func apply(on connection: Connection) throws -> [Migration] {
        try connection.withTransaction { connection in
            // Serialize concurrent migrators; released at commit.
            try connection.query("SELECT pg_advisory_xact_lock(\(Self.advisoryLockKey))")
            try connection.execute(
                unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    integer PRIMARY KEY,
                        file_name  text NOT NULL,
                        checksum   text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
            let pending = try pendingMigrations(on: connection)
            for migration in pending {
                try connection.execute(unsafeSQL: migration.sql)
                try connection.query(
                    """
                    INSERT INTO schema_migrations (version, file_name, checksum)
                    VALUES (\(migration.version), \(migration.fileName), \(migration.checksum))
                    """)
            }
            return pending
        }
    }

    /// The migrations not yet applied. Refuses a database whose applied migrations
    /// differ from the files, or that holds migrations these files do not know.
    public func pendingMigrations(on connection: Connection) throws -> [Migration] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
            .singleRow().decode(Bool.self, at: 0)
        guard exists else { return migrations }
        let rows = try connection.query("SELECT version, file_name, checksum FROM schema_migrations ORDER BY version").rows
        var applied: [Int: (fileName: String, checksum: String)] = [:]
        for row in rows {
            applied[try row.decode(Int.self, at: 0)] = (try row.decode(String.self, at: 1), try row.decode(String.self, at: 2))
        }
        for (version, record) in applied where !migrations.contains(where: { $0.version == version }) {
            throw MigrationError(description: "the database has migration \(record.fileName), which this coopledger does not have; use a newer coopledger")
        }
        var pending: [Migration] = []
        for migration in migrations {
            guard let record = applied[migration.version] else {
                pending.append(migration)
                continue
            }
            let current = migration.checksum
            guard record.checksum == current else {
                throw MigrationError(
                    description:
                        "\(migration.fileName) was changed after it was applied (checksum \(record.checksum.prefix(12))… now \(current.prefix(12))…); an applied migration is never edited: add a new file instead"
                )
            }
        }
        return pending
    }

    /// An arbitrary constant naming coopledger's migration lock.
    static let advisoryLockKey: Int64 = 0x636F_6F70_6C65_6467
}
