import Hummingbird
import LedgerRendering
import LedgerService

/// A JSON body (the ledger's own writer: money stays a string, keys keep their order).
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: value.rendered)))
    }
}
