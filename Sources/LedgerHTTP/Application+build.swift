import Hummingbird
import HummingbirdCore
import LedgerRendering
import LedgerService
import Logging
import NIOCore
import Postgres

/// The router: `/healthz` open, everything under `/v1` behind a bearer token, and the web
/// workbench's pages (`/sign-in`, `/coops/…`) behind a signed-in session.
public func buildRouter(ledger: Ledger, pool: ConnectionPool, metrics: APIMetrics = APIMetrics(), secureCookies: Bool = false) throws -> Router<
    LedgerRequestContext
> {
    let router = Router(context: LedgerRequestContext.self)
    // One log line per request, with Hummingbird's request id; never the Authorization header.
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.get("metrics") { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render(pool: pool))))
    }
    router.get("healthz") { _, _ -> Response in
        // The database answers, or 503.
        try await pool.withConnection { _ = try $0.query("SELECT 1") }
        return JSONResponse.make(.object([("status", .string("ok"))]))
    }
    router.get("openapi.yaml") { _, _ -> Response in
        Response(
            status: .ok, headers: [.contentType: "application/yaml"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
    }
    let gate = SignInGate(ledger: ledger)
    SessionsController(ledger: ledger, gate: gate).register(
        open: router.group("v1/coops/:coop"),
        signedIn: router.group("v1/coops/:coop").add(middleware: AuthMiddleware(ledger: ledger)))
    DistrictsController(ledger: ledger).register(on: router.group("v1/districts/:district").add(middleware: AuthMiddleware(ledger: ledger)))
    let coops = router.group("v1/coops/:coop").add(middleware: AuthMiddleware(ledger: ledger))
    EntriesController(ledger: ledger, metrics: metrics).register(on: coops)
    MembersController(ledger: ledger).register(on: coops)
    HouseholdsController(ledger: ledger).register(on: coops)
    AssetsController(ledger: ledger).register(on: coops)
    OperationsController(ledger: ledger).register(on: coops)
    DistributionController(ledger: ledger).register(on: coops)
    ReportsController(ledger: ledger).register(on: coops)
    VouchersController(ledger: ledger).register(on: coops)
    try Workbench(ledger: ledger, gate: gate, secureCookies: secureCookies).register(on: router)
    return router
}

/// What a connection may hold: how long it may send nothing, how long it may take over a
/// request head, and how many connections are accepted at once (beyond them new ones wait
/// in the listen queue, so the process never runs out of file descriptors).
public struct ConnectionLimits: Sendable {
    public var idleSeconds = HTTPLimits.idleSecondsDefault
    public var headSeconds = HTTPLimits.headSecondsDefault
    public var maximumConnections: Int?
    public init() {}
}

/// The application, listening on `host:port`; SIGTERM or SIGINT lets requests in flight
/// finish before it returns. `secureCookies`: the workbench is served behind TLS.
public func buildApplication(
    ledger: Ledger, pool: ConnectionPool, metrics: APIMetrics, host: String, port: Int,
    limits: ConnectionLimits = ConnectionLimits(), secureCookies: Bool = false, logger: Logger
) throws -> some ApplicationProtocol {
    let headDeadline = TimeAmount.seconds(Int64(limits.headSeconds))
    return Application(
        router: try buildRouter(ledger: ledger, pool: pool, metrics: metrics, secureCookies: secureCookies),
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [ParserErrorProblemHandler(), RequestHeadDeadlineHandler(deadline: headDeadline)],
                idleTimeout: .seconds(Int64(limits.idleSeconds)),
                httpDecoderConfiguration: .init(maxHeaderFieldSize: HTTPLimits.headerFieldBytesMax, maxHeaderListSize: HTTPLimits.headerListBytesMax)
            )),
        configuration: .init(
            address: .hostname(host, port: port), serverName: "coopledger",
            availableConnectionsDelegate: limits.maximumConnections.map { MaximumAvailableConnections($0, logger: logger) }),
        services: [DistrictFiguresKeeper(ledger: ledger, interval: .seconds(1), logger: logger)],
        logger: logger
    )
}
