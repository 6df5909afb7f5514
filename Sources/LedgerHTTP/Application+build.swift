import Hummingbird
import LedgerService
import Logging
import Postgres

/// The router: `/healthz` open, everything under `/v1` behind a bearer token.
public func buildRouter(ledger: Ledger, pool: ConnectionPool) -> Router<LedgerRequestContext> {
    let router = Router(context: LedgerRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.get("healthz") { _, _ -> Response in
        // The database answers, or 503.
        try await pool.withConnection { _ = try $0.query("SELECT 1") }
        return EntriesController.json(.object([("status", .string("ok"))]))
    }
    router.get("openapi.yaml") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/yaml"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
    }
    let coops = router.group("v1/coops/:coop").add(middleware: AuthMiddleware(ledger: ledger))
    EntriesController(ledger: ledger).register(on: coops)
    CoopRoutes(ledger: ledger).register(on: coops)
    return router
}

/// The application, listening on `host:port`, the pool closed on shutdown (SIGTERM, SIGINT).
public func buildApplication(ledger: Ledger, pool: ConnectionPool, host: String, port: Int, logger: Logger) -> some ApplicationProtocol {
    Application(
        router: buildRouter(ledger: ledger, pool: pool),
        configuration: .init(address: .hostname(host, port: port), serverName: "coopledger"),
        logger: logger
    )
}
