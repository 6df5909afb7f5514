import ArgumentParser
import Hummingbird
import LedgerHTTP
import LedgerService
import Logging
import Metrics
import Postgres
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (bearer tokens from `coopledger token create`) and the web workbench (people from `coopledger user add`).",
        discussion: """
            Open http://HOST:PORT/ in a browser and sign in with a login and password.

            serve connects as the service's own database login, $COOPLEDGER_SERVICE_DATABASE_URL \
            (made with `coopledger db service-login`), else --database-url or $COOPLEDGER_DATABASE_URL; \
            on the embedded database it makes and uses that login by itself. The login owns nothing: \
            it proves each person to the database with their token, and cannot name anyone as the \
            person acting. Started as a role that owns the books, serve says so in its log.
            """
    )

    @Option(help: "Address to listen on (default: $COOPLEDGER_HTTP_HOST, else 127.0.0.1).")
    var host = Session.environment("COOPLEDGER_HTTP_HOST") ?? "127.0.0.1"
    @Option(help: "Port to listen on (default: $COOPLEDGER_HTTP_PORT, else 8080).")
    var port = Session.environment("COOPLEDGER_HTTP_PORT").flatMap(Int.init) ?? 8080
    @Option(help: "Database connections in the pool.")
    var connections = 8
    @Option(help: "Seconds a connection may send nothing before it is closed.")
    var idleTimeout = HTTPLimits.idleSecondsDefault
    @Option(help: "Seconds a connection has to send a whole request head, from opening or from its last response.")
    var headerTimeout = HTTPLimits.headSecondsDefault
    @Option(
        help:
            "Connections accepted at once; more wait to be accepted (default: the open-files limit, less the pool and \(HTTPLimits.descriptorsReserved) kept back)."
    )
    var maxConnections: Int?
    @Flag(help: "Mark the workbench's cookies Secure: set it when a TLS proxy serves coopledger.")
    var secureCookies = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port: \(port): a port is 1 to 65535") }
        guard (1...256).contains(connections) else { throw ValidationError("--connections: \(connections): 1 to 256") }
        guard (1...3600).contains(idleTimeout) else { throw ValidationError("--idle-timeout: \(idleTimeout): 1 to 3600 seconds") }
        guard (1...3600).contains(headerTimeout) else { throw ValidationError("--header-timeout: \(headerTimeout): 1 to 3600 seconds") }
        if let maxConnections, !(1...1_000_000).contains(maxConnections) {
            throw ValidationError("--max-connections: \(maxConnections): 1 to 1000000")
        }
    }

    func run() async throws {
        var logger = Logger(label: "coopledger.http")
        logger.logLevel = .info
        // The service's own login when one is set (the operator's URL is for `migrate`).
        var options = global
        if options.databaseURL == nil { options.databaseURL = Session.environment("COOPLEDGER_SERVICE_DATABASE_URL") }
        let url = try Session.serviceURL(options, preparedURL: try await Session.prepareDatabase(options), logger: logger)
        let pool = ConnectionPool(url: url, maximumConnections: connections, logger: logger)
        // Concurrent posts to one cooperative commit together (one WAL flush for many).
        let ledger = Ledger(pool: pool, logger: logger).committingInGroups()
        let metrics = APIMetrics()
        // Hummingbird's request metrics go to the same registry /metrics shows.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        logger.info("workbench at http://\(host):\(port)/ (sign in as a person added with `coopledger user add`)")
        let openFiles = OpenFiles.raiseToHardLimit()
        var limits = ConnectionLimits()
        limits.idleSeconds = idleTimeout
        limits.headSeconds = headerTimeout
        limits.maximumConnections = maxConnections ?? max(openFiles - connections - HTTPLimits.descriptorsReserved, 16)
        if PasswordCost.configured < PasswordCost.standard {
            logger.warning(
                "new passwords are hashed at bcrypt cost \(PasswordCost.configured) (\(PasswordCost.variable)): for tests only; production keeps \(PasswordCost.standard) or more"
            )
        }
        logger.info("open files \(openFiles), connections at most \(limits.maximumConnections ?? 0), request heads within \(headerTimeout) s")
        let app = try buildApplication(
            ledger: ledger, pool: pool, metrics: metrics, host: host, port: port, limits: limits,
            secureCookies: secureCookies, logger: logger)
        do {
            try await app.runService()
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
    }
}
