import HTTPTypes
import Hummingbird
import LedgerHTTP
import Logging
import NIOCore
import NIOEmbedded

/// A response as the router gave it, its body collected.
struct RoutedResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// Sends requests straight to the router's responder, in process, as Hummingbird's router
/// test mode does, with the same context `serve` builds. Our own because HummingbirdTesting
/// brings an HTTP client with TLS and HTTP/2, which was a third of the build (75 s).
struct RouterClient: Sendable {
    private let responder: RouterResponder<LedgerRequestContext>
    private let logger = Logger(label: "test")

    init(router: Router<LedgerRequestContext>) {
        self.responder = router.buildResponder()
    }

    @discardableResult
    func execute<Value>(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
        _ check: (RoutedResponse) async throws -> Value = { $0 }
    ) async throws -> Value {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = LedgerRequestContext(source: ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: logger))
        // As the server does: an error no middleware answered is a 500 with no detail.
        let response = (try? await responder.respond(to: request, context: context)) ?? Response(status: .internalServerError)
        let collected = CollectedBody()
        try await response.body.write(collected)
        return try await check(RoutedResponse(status: response.status, headers: response.headers, body: collected.buffer))
    }
}

/// Where the response's body is written (a class: the writer is consumed by the body).
private final class CollectedBody: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        self.buffer.writeImmutableBuffer(buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
