import EmbeddedPostgres
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import LedgerStore
import Logging
import Postgres

/// Where the database is, opened for one command: a pool of one connection (the CLI
/// does one thing at a time) and the ledger's use cases on it.
struct Session {
    let ledger: Ledger
    let options: GlobalOptions

    /// Opens the database the options name, runs `body`, closes the pool.
    ///
    /// The embedded cluster is started and migrated on demand. A database given by URL
    /// is never migrated implicitly: if it lags behind, the command is refused and
    /// `coopledger migrate` is named.
    static func run<Result>(_ options: GlobalOptions, _ body: (Session) async throws -> Result) async throws -> Result {
        let actor = try acting(options)
        let url = try await prepareDatabase(options)
        let pool = ConnectionPool(url: url, maximumConnections: 1, logger: logger)
        do {
            let result = try await body(Session(ledger: Ledger(pool: pool, logger: logger, actor: actor), options: options))
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    /// The cooperative the command works on.
    func coop() async throws -> CoopCode {
        try await ledger.resolveCooperative(options.coop ?? Self.environment("COOPLEDGER_COOP"))
    }

    /// The person the command acts as: --user, else $COOPLEDGER_USER, else `system`.
    static func acting(_ options: GlobalOptions) throws -> Login {
        guard let text = options.user ?? environment("COOPLEDGER_USER") else { return .system }
        return try Login(parsing: text, field: "user")
    }

    /// What a posting command prints: the outcome, with the voucher number the entry got.
    func describe(_ outcome: PostingOutcome, key: String) async throws -> String {
        let voucher = try await ledger.entry(outcome.entryID, in: try await coop())?.voucher
        return PostingRendering.render(outcome, key: key, voucher: voucher, as: options.format)
    }

    /// A batch's summary with the voucher numbers its new entries got (consecutive: one
    /// transaction holds its months' counters until it commits).
    func describe(_ batch: BatchOutcome) async throws -> String {
        guard let first = batch.posted.first, let last = batch.posted.last else { return batch.summary }
        let coop = try await coop()
        let numbers = [try await ledger.entry(first, in: coop)?.voucher, try await ledger.entry(last, in: coop)?.voucher].compactMap { $0 }
        guard let from = numbers.first, let to = numbers.last else { return batch.summary }
        return batch.summary + (from == to ? " (voucher \(from))" : " (vouchers \(from) to \(to))")
    }

    static let logger: Logger = {
        var logger = Logger(label: "coopledger")
        logger.logLevel = .warning
        return logger
    }()

    static func explicitURL(_ options: GlobalOptions) -> String? {
        options.databaseURL ?? environment("COOPLEDGER_DATABASE_URL")
    }

    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func prepareDatabase(_ options: GlobalOptions) async throws -> String {
        let migrator = try migrator()
        if let url = explicitURL(options) {
            let connection = try Connection(url: url)
            let pending = try migrator.pendingMigrations(on: connection)
            guard pending.isEmpty else {
                throw LedgerError(.schemaOutOfDate, field: "database", rule: "\(pending.count) migration(s) not applied (\(pending.map(\.fileName).joined(separator: ", "))); run `coopledger migrate`")
            }
            return url
        }
        let url = try EmbeddedCluster.fromEnvironment().start(progress: progress)
        try migrator.apply(on: Connection(url: url))
        return url
    }

    static func migrator() throws -> Migrator {
        guard let directory = Migrator.defaultDirectory() else {
            throw MigrationError(description: "the sql/ migrations folder was not found; set COOPLEDGER_SQL_DIR")
        }
        return try Migrator(directory: directory)
    }

    static func progress(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
