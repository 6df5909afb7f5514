/// Isolation levels of `BEGIN ISOLATION LEVEL …`.
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    /// A failing COMMIT (a deferred constraint refusing the books) throws too, and then
    /// nothing of the transaction remains.
    public func withTransaction<Result>(
        isolation: IsolationLevel = .readCommitted,
        _ body: (Connection) throws -> Result
    ) throws -> Result {
        try execute(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        let result: Result
        do {
            result = try body(self)
        } catch {
            rollbackQuietly()
            throw error
        }
        // A statement that failed inside the body (its error caught there) leaves the
        // transaction aborted; COMMIT would then quietly roll back. Say so instead.
        guard !isTransactionFailed else {
            rollbackQuietly()
            throw PostgresError(kind: .protocolViolation, message: "the transaction failed inside its body and was rolled back")
        }
        do {
            try execute(unsafeSQL: "COMMIT")
        } catch {
            // COMMIT that fails has already ended the transaction; make sure of it.
            rollbackQuietly()
            throw error
        }
        return result
    }

    /// Rolls back if a transaction is open. A failure here means the connection is gone,
    /// and the server rolls back on its own when it notices.
    func rollbackQuietly() {
        guard isInTransaction else { return }
        try? execute(unsafeSQL: "ROLLBACK")
    }
}
