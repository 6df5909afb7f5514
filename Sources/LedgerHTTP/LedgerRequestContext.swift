import Hummingbird
import NIOCore
import LedgerCore
import LedgerRendering
import LedgerService
import Logging

/// The request context: Hummingbird's core storage plus who is asking.
public struct LedgerRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` for every route under /v1.
    public var identity: Identity?
    /// The bearer token `identity` came from: what proves the caller to the database.
    var token: String?

    /// The client's address (the sign-in's per-client limit); nil when the server is tested without a socket.
    public var remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Request bodies are refused above 1 MiB (413).
    public var maxUploadSize: Int { HTTPLimits.bodyBytesMax }

    /// The caller, who must hold the role `operation` needs and may see `coop` (else 403, 404).
    public func authorize(_ operation: LedgerAction, for coop: CoopCode) throws -> Identity {
        guard let identity else { throw Problem.unauthorized }
        do throws(AccessRefusal) {
            try identity.require(operation.requiredRole, in: coop)
        } catch {
            throw Problem.refused(error, in: coop, held: "token")
        }
        return identity
    }

    /// The ledger acting as the caller (recorded on what they write, and checked against
    /// their roles again by the database), once `authorize` lets them in.
    public func ledger(_ ledger: Ledger, doing operation: LedgerAction, for coop: CoopCode) throws -> Ledger {
        self.ledger(ledger, actingAs: try authorize(operation, for: coop))
    }

    /// The ledger acting as `identity`, the caller, proven to the database by their token.
    func ledger(_ ledger: Ledger, actingAs identity: Identity) -> Ledger {
        ledger.acting(as: identity.login, proving: token)
    }
}

public enum HTTPLimits {
    public static let bodyBytesMax = 1 << 20
    /// A connection that sends nothing for this long is closed: a client that declares a
    /// longer body than it sends cannot hold a connection (and its task) open.
    public static let idleSecondsDefault = 15
    /// A connection must send a whole request head within this long of opening, or of its
    /// last response (`RequestHeadDeadlineHandler`).
    public static let headSecondsDefault = 10
    /// File descriptors kept back from connections: the database pool, logs, uploads.
    public static let descriptorsReserved = 64
    /// One header field, and all of a request's headers together.
    public static let headerFieldBytesMax = 16 * 1024
    public static let headerListBytesMax = 64 * 1024
    public static let pageSizeMax = 500
    public static let pageSizeDefault = 100
}
