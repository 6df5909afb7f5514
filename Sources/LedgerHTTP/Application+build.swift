import Hummingbird
import LedgerRendering
import LedgerService
import Logging
import Postgres

/// The router: `/healthz` open, everything under `/v1` behind a bearer token, and the web
/// workbench's pages (`/sign-in`, `/coops/…`) behind a signed-in session.
public func buildRouter(ledger: Ledger, pool: ConnectionPool, metrics: APIMetrics = APIMetrics(), secureCookies: Bool = false) throws -> Router<LedgerRequestContext> {
    let router = Router(context: LedgerRequestContext.self)
    // One log line per request, with Hummingbird's request id; never the Authorization header.
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.get("metrics") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render(pool: pool))))
    }
    router.get("healthz") { _, _ -> Response in
        // The database answers, or 503.
        try await pool.withConnection { _ = try $0.query("SELECT 1") }
        return JSONResponse.make(.object([("status", .string("ok"))]))
    }
    router.get("openapi.yaml") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/yaml"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
    }
    let coops = router.group("v1/coops/:coop").add(middleware: AuthMiddleware(ledger: ledger))
    EntriesController(ledger: ledger, metrics: metrics).register(on: coops)
    MembersController(ledger: ledger).register(on: coops)
    HouseholdsController(ledger: ledger).register(on: coops)
    AssetsController(ledger: ledger).register(on: coops)
    OperationsController(ledger: ledger).register(on: coops)
    DistributionController(ledger: ledger).register(on: coops)
    ReportsController(ledger: ledger).register(on: coops)
    VouchersController(ledger: ledger).register(on: coops)
    try Workbench(ledger: ledger, secureCookies: secureCookies).register(on: router)
    return router
}

/// The application, listening on `host:port`; SIGTERM or SIGINT lets requests in flight
/// finish before it returns. `secureCookies`: the workbench is served behind TLS.
public func buildApplication(ledger: Ledger, pool: ConnectionPool, metrics: APIMetrics, host: String, port: Int,
                             idleSeconds: Int = HTTPLimits.idleSecondsDefault, secureCookies: Bool = false, logger: Logger) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(ledger: ledger, pool: pool, metrics: metrics, secureCookies: secureCookies),
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ParserErrorProblemHandler()],
            idleTimeout: .seconds(Int64(idleSeconds)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: HTTPLimits.headerFieldBytesMax, maxHeaderListSize: HTTPLimits.headerListBytesMax)
        )),
        configuration: .init(address: .hostname(host, port: port), serverName: "coopledger"),
        logger: logger
    )
}
