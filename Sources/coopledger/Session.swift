import EmbeddedPostgres
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import LedgerStore
import Logging
import Postgres

/// Where the database is, opened for one command: a pool of one connection (the CLI
/// does one thing at a time; `verify` asks for two) and the ledger's use cases on it, acting
/// as a proven person.
///
/// Direct database access is the operator's: without `--user` a command acts as `system`.
/// Acting as a named person needs their password, and the command then does only what
/// their roles in the cooperative allow (the API's rule for the same operation).
struct Session {
    let ledger: Ledger
    let options: GlobalOptions
    let permission: Permission

    /// Opens the database the options name, runs `body`, closes the pool.
    ///
    /// The embedded cluster is started and migrated on demand. A database given by URL
    /// is never migrated implicitly: if it lags behind, the command is refused and
    /// `coopledger migrate` is named.
    static func run<Result>(
        _ options: GlobalOptions, needs permission: Permission, writesWorkbook: Bool = false, connections: Int = 1,
        _ body: (Session) async throws -> Result
    ) async throws -> Result {
        if options.wantsWorkbook && !writesWorkbook {
            throw LedgerError(.invalidValue, field: "format", value: "xlsx", rule: "statements only: `coopledger report NAME --format xlsx --output FILE`")
        }
        if let remote = try RemoteSession.active(options) {
            throw LedgerError(
                .forbidden, field: "session", value: remote.login.isEmpty ? nil : remote.login,
                rule:
                    "signed in to \(remote.server), where this command is not served: it works on the database directly, which is the operator's (`coopledger logout` first, or give --database-url as the operator)"
            )
        }
        let actor = try acting(options)
        let password = try actor == .system ? nil : ActingPassword.read(for: actor)
        let url = try await prepareDatabase(options)
        let pool = ConnectionPool(url: url, maximumConnections: connections, logger: logger)
        do {
            let ledger = Ledger(pool: pool, logger: logger, actor: actor)
            if let password, try await !ledger.checkPassword(password, of: actor) {
                throw LedgerError(.forbidden, field: "user", value: actor.rawValue, rule: "the password is not this person's (or they have none)")
            }
            let session = Session(ledger: ledger, options: options, permission: permission)
            if case .operatorOnly = permission { try session.requireOperator() }
            let result = try await body(session)
            await pool.close()
            return result
        } catch {
            await pool.close()
            throw error
        }
    }

    /// The cooperative the command works on, once the acting person may work on it.
    func coop() async throws -> CoopCode {
        let code = try await ledger.resolveCooperative(options.coop ?? Self.environment("COOPLEDGER_COOP"))
        if case .operation(let operation) = permission { try await authorize(operation, in: code) }
        return code
    }

    /// Refuses unless the acting person holds the role `operation` needs in `code` (the
    /// operator may do anything). Another cooperative's books are refused as unknown, as on the API.
    func authorize(_ operation: LedgerAction, in code: CoopCode) async throws {
        let held = try await actingRole(in: code)
        guard held >= operation.requiredRole else {
            throw LedgerError(
                .forbidden, field: "user", value: ledger.actor?.rawValue,
                rule: "this needs the \(operation.requiredRole) role in \(code); the person is \(held) there")
        }
    }

    /// The widest role the acting person holds in `code`: admin for the operator.
    func actingRole(in code: CoopCode) async throws -> Role {
        guard let actor = ledger.actor, actor != .system else { return .admin }
        guard let identity = try await ledger.workplace(of: actor, in: code)?.identity else {
            throw LedgerError(.unknownCooperative, field: "coop", value: code.rawValue, rule: "\(actor) keeps no books there")
        }
        return identity.role
    }

    /// `--show-id` in `code`: ID numbers stay masked for a person who only supervises the
    /// cooperative's district.
    func requireSeesIDNumbers(_ showID: Bool, in code: CoopCode) async throws {
        guard showID, let actor = ledger.actor, actor != .system,
            let identity = try await ledger.workplace(of: actor, in: code)?.identity, identity.roles == [.supervisor]
        else { return }
        throw LedgerError(.forbidden, field: "show-id", value: actor.rawValue, rule: "ID numbers stay masked for a district's supervisor")
    }

    /// Refuses a named person: the command is the operator's (direct database access).
    func requireOperator() throws {
        guard let actor = ledger.actor, actor != .system else { return }
        throw LedgerError(.forbidden, field: "user", value: actor.rawValue, rule: "this command is the operator's: run it without --user")
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
                throw LedgerError(
                    .schemaOutOfDate, field: "database",
                    rule: "\(pending.count) migration(s) not applied (\(pending.map(\.fileName).joined(separator: ", "))); run `coopledger migrate`")
            }
            return url
        }
        let url = try EmbeddedCluster.fromEnvironment().start(progress: progress)
        try migrator.apply(on: Connection(url: url))
        return url
    }

    /// The URL `serve` connects with. On the embedded database: its service login, made here
    /// (the cluster trusts its local socket). A URL given is used as it is; if its role owns
    /// the books, raw SQL on the server's connections could name anyone as the person acting,
    /// and the log says so at start.
    static func serviceURL(_ options: GlobalOptions, preparedURL url: String, logger: Logger) throws -> String {
        guard explicitURL(options) != nil else {
            try ServiceLogin.ensure(ServiceLogin.defaultName, password: nil, on: Connection(url: url))
            return EmbeddedCluster.fromEnvironment().url(as: ServiceLogin.defaultName)
        }
        if try ServiceLogin.namesItsActor(Connection(url: url)) {
            logger.warning(
                "serve connects as a role that owns the books: raw SQL on its connections could act as anyone. Give it a login of its own: `coopledger db service-login` (deploy/README.md)"
            )
        }
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
