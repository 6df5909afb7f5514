import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Recomputes the cooperative's hash chain from the journal as it is now; with
    /// `anchor` (and `periodAnchor`), also checks that a head recorded earlier is still a
    /// link of the entries' chain (and of the period events'). `progress` hears how many
    /// entries are checked, every so often.
    public func verifyChain(
        of coop: CoopCode, anchor: String? = nil, periodAnchor: String? = nil,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws -> ChainVerdict {
        try await verifications.admitting {
            try await read { connection in
                try Self.requireCooperative(coop, on: connection)
                return try HashChain(connection, coop: coop).verify(anchor: anchor, periodAnchor: periodAnchor, progress: progress)
            }
        }
    }

    /// The chain of the cooperative's records (and of the people, who belong to none):
    /// every link recomputed, every row compared with the last image its chain holds.
    public func verifyRecords(of coop: CoopCode) async throws -> RecordVerdict {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try RecordChain(connection, coop: coop).verify()
        }
    }

    /// Both chains, as `coopledger verify` and the audit page check them: the records' on a
    /// connection of its own (the pool's second, where it has one) while the journal streams
    /// in, since it is a server process's work (0.1 s for 10,000 members) that would otherwise
    /// follow the journal's.
    public func verifyBooks(
        of coop: CoopCode, anchor: String? = nil, periodAnchor: String? = nil,
        progress: (@Sendable (Int64) -> Void)? = nil
    ) async throws -> (journal: ChainVerdict, records: RecordVerdict) {
        async let records = verifyRecords(of: coop)
        let journal = try await verifyChain(of: coop, anchor: anchor, periodAnchor: periodAnchor, progress: progress)
        return (journal, try await records)
    }

    public func chainHead(of coop: CoopCode) async throws -> ChainHead {
        try await read { connection in try HashChain(connection, coop: coop).head() }
    }
}
