import CLibPQ
import Synchronization

/// The statement texts sent to one database, while recording: tests use it to check what
/// the service sends (that each statement filters by one cooperative, so the schema can be
/// distributed by cooperative). Off by default: then recording is one lock and a nil check.
public final class StatementLog: Sendable {
    private struct Recording {
        let database: String
        var statements: [String] = []
    }

    private let recording = Mutex<Recording?>(nil)

    public init() {}

    /// Records what connections to `database` send, until `stop()`.
    public func start(database: String) { recording.withLock { $0 = Recording(database: database) } }

    /// Stops recording and returns what was sent since `start`.
    public func stop() -> [String] {
        recording.withLock { current in
            defer { current = nil }
            return current?.statements ?? []
        }
    }

    func record(_ sql: String, database: () -> String) {
        recording.withLock { current in
            guard current != nil, current?.database == database() else { return }
            current?.statements.append(sql)
        }
    }
}

extension Connection {
    public static let statementLog = StatementLog()
}
