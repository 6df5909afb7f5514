import Foundation
import LedgerStore
import Logging
import Postgres

/// A database of its own for one test, on the throwaway server that
/// `scripts/with-throwaway-postgres.sh` starts (its URL in `COOPLEDGER_TEST_DATABASE_URL`).
public struct TestDatabase: Sendable {
    public let adminURL: String
    public let name: String

    /// The repository's `sql/` folder, found from this file's place in the tree.
    public static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sql")

    public static func adminURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["COOPLEDGER_TEST_DATABASE_URL"], !url.isEmpty else {
            throw TestSetupError(description: "COOPLEDGER_TEST_DATABASE_URL is not set: run the tests with scripts/test.sh")
        }
        return url
    }

    /// Creates a fresh database (migrated unless told otherwise), runs `body`, drops it. A
    /// migrated one is a copy of a template migrated once per test run (CREATE DATABASE …
    /// TEMPLATE), not the migrations replayed for every test.
    public static func withFresh<Result>(
        migrated: Bool = true,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let adminURL = try adminURL()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let admin = try Connection(url: adminURL)
        if migrated {
            let template = try migratedTemplate.get()
            try admin.query("CREATE DATABASE \(identifier: String(name)) TEMPLATE \(identifier: template)")
        } else {
            try admin.query("CREATE DATABASE \(identifier: String(name))")
        }
        let database = TestDatabase(adminURL: adminURL, name: String(name))
        defer {
            _ = try? admin.query("DROP DATABASE IF EXISTS \(identifier: String(name)) WITH (FORCE)")
        }
        return try await body(database)
    }

    /// The migrated template, made once per process (Swift runs a static's initializer once,
    /// whichever test asks first). Its name carries the migrations' checksums, so a template
    /// left by an older tree is never used; nobody stays connected to it, as copying requires.
    static let migratedTemplate: Result<String, any Error> = Result {
        let adminURL = try TestDatabase.adminURL()
        let migrator = try Migrator(directory: migrationsDirectory)
        let admin = try Connection(url: adminURL)
        let text = migrator.migrations.map { $0.fileName + "\n" + $0.sql }.joined(separator: "\n")
        let fingerprint = try admin.query("SELECT encode(sha256(convert_to(\(text), 'UTF8')), 'hex')").singleRow().decode(String.self, at: 0)
        let name = "template_" + String(fingerprint.prefix(16))
        let exists = try admin.query("SELECT count(*) FROM pg_database WHERE datname = \(name)").singleRow().decode(Int64.self, at: 0) > 0
        if !exists {
            let building = name + "_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(8)
            try admin.query("CREATE DATABASE \(identifier: building)")
            try migrator.apply(on: TestDatabase(adminURL: adminURL, name: building).connect())
            // Another test process may have finished one first; either is the same schema.
            do {
                try admin.query("ALTER DATABASE \(identifier: building) RENAME TO \(identifier: name)")
            } catch {
                _ = try? admin.query("DROP DATABASE IF EXISTS \(identifier: building) WITH (FORCE)")
            }
        }
        return name
    }

    /// A raw connection. `actingAs`: the person its writes are done as, for the session
    /// (as a client of the database sets coopledger.actor; entries naming nobody are refused).
    public func connect(applicationName: String = "coopledger-tests", actingAs person: String? = nil) throws -> Connection {
        let connection = try Connection(url: adminURL, database: name, applicationName: applicationName)
        if let person { try connection.query("SELECT set_config('coopledger.actor', \(person), false)") }
        return connection
    }

    /// The login `serve` connects as in production (sql/032): a member of coopledger_service,
    /// owning nothing, which proves its person with a token rather than naming them.
    public static let serviceLogin = ServiceLogin.defaultName

    /// A raw connection as the service (`serviceLogin`), made on first use.
    public func connectAsService() throws -> Connection {
        try Connection(url: try serviceURL(), database: name, applicationName: "coopledger-tests-service")
    }

    /// A pool connecting as the service: what an HTTP test's server uses.
    public func servicePool(maximumConnections: Int = 8) throws -> ConnectionPool {
        ConnectionPool(
            url: try serviceURL(), database: name, maximumConnections: maximumConnections,
            applicationName: "coopledger-tests-service", logger: Logger(label: "tests"))
    }

    /// The admin URL with the service's login in place of the superuser's; the login is made
    /// as the operator makes it (`coopledger db service-login`).
    func serviceURL() throws -> String {
        guard adminURL.contains("//postgres@") else {
            throw TestSetupError(description: "expected COOPLEDGER_TEST_DATABASE_URL like postgresql://postgres@…; got \(adminURL)")
        }
        try ServiceLogin.ensure(Self.serviceLogin, password: nil, on: Connection(url: adminURL, database: name))
        return adminURL.replacingOccurrences(of: "//postgres@", with: "//\(Self.serviceLogin)@")
    }

    public func pool(maximumConnections: Int = 4, applicationName: String = "coopledger-tests") -> ConnectionPool {
        ConnectionPool(url: adminURL, database: name, maximumConnections: maximumConnections, applicationName: applicationName, logger: Logger(label: "tests"))
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
}
