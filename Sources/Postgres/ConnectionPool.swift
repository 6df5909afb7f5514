import Dispatch
import Logging
import Synchronization

/// A bounded set of connections for async code.
///
/// libpq blocks its thread for every round trip, so work never runs on Swift's
/// cooperative thread pool: each `withConnection` body runs on a thread of a dispatch
/// queue of its own while the calling task is suspended. At most
/// `maximumConnections` connections exist; further callers wait in order.
public final class ConnectionPool: Sendable {
    public struct Statistics: Sendable, Equatable {
        /// Connections open now (idle, leased, or being opened).
        public var open: Int
        /// Connections handed out now.
        public var inUse: Int
        /// The most connections ever handed out at once.
        public var peakInUse: Int
        /// Callers waiting for a connection.
        public var waiting: Int
    }

    public let maximumConnections: Int
    private let url: String
    private let database: String?
    private let applicationName: String
    private let logger: Logger
    private let state = Mutex(State())
    /// Overcommitting queue: a body that blocks in libpq gets a thread of its own.
    private let blockingQueue = DispatchQueue(label: "coopledger.postgres.blocking", attributes: .concurrent)

    /// `url` and `database` as for `Connection.init(url:database:applicationName:)`.
    public init(url: String, database: String? = nil, maximumConnections: Int, applicationName: String = "coopledger", logger: Logger) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.url = url
        self.database = database
        self.maximumConnections = maximumConnections
        self.applicationName = applicationName
        self.logger = logger
    }

    public var statistics: Statistics {
        state.withLock { Statistics(open: $0.open, inUse: $0.inUse, peakInUse: $0.peakInUse, waiting: $0.waiters.count) }
    }

    /// Runs `body` with a connection of its own, on a thread that may block.
    @discardableResult
    public func withConnection<Value: Sendable>(
        _ body: @escaping @Sendable (Connection) throws -> Value
    ) async throws -> Value {
        let lease = try await acquire()
        return try await withCheckedThrowingContinuation { continuation in
            blockingQueue.async { [self] in
                var connection: ConnectionBox?
                let result = Result<Value, any Error> {
                    let box = try lease.existing ?? ConnectionBox(try Connection(url: url, database: database, applicationName: applicationName))
                    connection = box
                    return try body(box.connection)
                }
                // Back in the pool before the caller resumes, so a caller never sees its
                // own finished work still counted as in use.
                release(connection)
                continuation.resume(with: result)
            }
        }
    }

    /// Refuses new work, fails every waiter, and closes idle connections; connections in
    /// use close when their work returns.
    public func close() async {
        let (idle, waiters) = state.withLock { state in
            state.isClosed = true
            let idle = state.idle
            let waiters = state.waiters
            state.open -= idle.count
            state.idle = []
            state.waiters = []
            return (idle, waiters)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.closedError) }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            blockingQueue.async {
                _ = idle // the last reference: each connection finishes here, off the caller's thread
                done.resume()
            }
        }
    }

    // MARK: - Leasing

    private struct Lease: Sendable {
        /// An idle connection, or nil for permission to open a new one.
        var existing: ConnectionBox?
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Lease, any Error>
    }

    private struct State {
        var idle: [ConnectionBox] = []
        var open = 0
        var inUse = 0
        var peakInUse = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isClosed = false

        /// A lease if one is free now, counting it as in use.
        mutating func takeLease(maximum: Int) -> Lease? {
            if let connection = idle.popLast() {
                markInUse()
                return Lease(existing: connection)
            }
            guard open < maximum else { return nil }
            open += 1
            markInUse()
            return Lease(existing: nil)
        }

        mutating func markInUse() {
            inUse += 1
            peakInUse = max(peakInUse, inUse)
        }
    }

    private static let closedError = PostgresError(kind: .connection, message: "the connection pool is closed")

    private func acquire() async throws -> Lease {
        let waiterID = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let immediate: Result<Lease, any Error>? = state.withLock { state in
                    if state.isClosed { return .failure(Self.closedError) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.waiters.isEmpty, let lease = state.takeLease(maximum: maximumConnections) {
                        return .success(lease)
                    }
                    state.waiters.append(Waiter(id: waiterID, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a connection after use. A broken connection, or one left inside a
    /// transaction it could not end, is closed instead of reused.
    private func release(_ box: ConnectionBox?) {
        var reusable = box
        if let connection = box?.connection {
            connection.rollbackQuietly()
            if !connection.isUsable || connection.isInTransaction {
                logger.debug("closing a connection that is broken or stuck in a transaction")
                reusable = nil
            }
        }
        let handOff: (Waiter, Lease)? = state.withLock { state in
            state.inUse -= 1
            if reusable == nil || state.isClosed {
                state.open -= 1
                reusable = nil
            }
            guard !state.isClosed, !state.waiters.isEmpty else {
                if let reusable { state.idle.append(reusable) }
                return nil
            }
            let waiter = state.waiters.removeFirst()
            if let reusable {
                state.markInUse()
                return (waiter, Lease(existing: reusable))
            }
            // The freed slot lets the waiter open a connection of its own.
            guard let lease = state.takeLease(maximum: maximumConnections) else {
                state.waiters.insert(waiter, at: 0)
                return nil
            }
            return (waiter, lease)
        }
        if let (waiter, lease) = handOff { waiter.continuation.resume(returning: lease) }
    }
}

/// Carries a connection between threads. The pool guarantees one user at a time.
final class ConnectionBox: @unchecked Sendable {
    let connection: Connection
    init(_ connection: Connection) { self.connection = connection }
}
