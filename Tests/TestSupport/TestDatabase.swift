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

    /// Creates a fresh database (migrated unless told otherwise), runs `body`, drops it.
    public static func withFresh<Result>(
        migrated: Bool = true,
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let adminURL = try adminURL()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        let admin = try Connection(url: adminURL)
        try admin.query("CREATE DATABASE \(identifier: String(name))")
        let database = TestDatabase(adminURL: adminURL, name: String(name))
        defer {
            _ = try? admin.query("DROP DATABASE IF EXISTS \(identifier: String(name)) WITH (FORCE)")
        }
        if migrated {
            try Migrator(directory: migrationsDirectory).apply(on: database.connect())
        }
        return try await body(database)
    }

    /// A raw connection. `actingAs`: the person its writes are done as, for the session
    /// (as a client of the database sets coopledger.actor; entries naming nobody are refused).
    public func connect(applicationName: String = "coopledger-tests", actingAs person: String? = nil) throws -> Connection {
        let connection = try Connection(url: adminURL, database: name, applicationName: applicationName)
        if let person { try connection.query("SELECT set_config('coopledger.actor', \(person), false)") }
        return connection
    }

    public func pool(maximumConnections: Int = 4, applicationName: String = "coopledger-tests") -> ConnectionPool {
        ConnectionPool(url: adminURL, database: name, maximumConnections: maximumConnections, applicationName: applicationName, logger: Logger(label: "tests"))
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
}
