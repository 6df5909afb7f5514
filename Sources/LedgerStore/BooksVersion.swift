import LedgerCore
import Postgres

/// How far a cooperative's books had come in a snapshot: the length of its journal's hash
/// chain and of its records' chain (sql/027). Every write to its books extends one of them
/// (an entry at commit, under the chain lock; a record through `append_record_change`, under
/// the lock on the chain's head), in the order they commit, and nothing else changes what its
/// statements say. So two snapshots with the same version read the same statements: a figure
/// computed in one still holds in the other, and any later write gives a new version.
public struct BooksVersion: Sendable, Hashable {
    public let journalLinks: Int64
    public let recordLinks: Int64

    /// Each cooperative's version in `connection`'s snapshot (two index probes each).
    public static func of(_ coops: [CoopCode], on connection: Connection) throws -> [CoopCode: BooksVersion] {
        var versions: [CoopCode: BooksVersion] = [:]
        for row in try connection.query(
            """
            SELECT c.coop_id,
                   coalesce((SELECT max(e.chain_seq) FROM entry_hashes e WHERE e.coop_id = c.coop_id), 0),
                   coalesce((SELECT h.seq FROM record_chain_heads h WHERE h.coop_id = c.coop_id), 0)
            FROM unnest(\(coops.map(\.rawValue))::text[]) AS c(coop_id)
            """
        ).rows {
            versions[try CoopCode(parsing: row.decode(String.self, at: 0))] = BooksVersion(
                journalLinks: try row.decode(Int64.self, at: 1), recordLinks: try row.decode(Int64.self, at: 2))
        }
        return versions
    }
}
