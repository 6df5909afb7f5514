import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Recomputes the cooperative's hash chain from the journal as it is now.
    public func verifyChain(of coop: CoopCode) async throws -> ChainVerdict {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try HashChain(connection, coop: coop).verify()
        }
    }

    public func chainHead(of coop: CoopCode) async throws -> ChainHead {
        try await read { connection in try HashChain(connection, coop: coop).head() }
    }
}
