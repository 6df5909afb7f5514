import LedgerCore
import Postgres

public struct HashChain {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func head() throws -> ChainHead {
        let row = try connection.query("SELECT chain_seq, encode(hash, 'hex') FROM chain_head(\(coop.rawValue))").singleRow()
        return ChainHead(entries: try row.decode(Int64.self, at: 0), hash: try row.decode(String.self, at: 1))
    }

    /// Chains the entries a bulk import just wrote (those in the temporary table
    /// `import_ids`), set-based, in entry order, after the current head; the chain lock is
    /// held until commit. The commit trigger then finds them chained.
    public func chainImported() throws {
        let coopID = coop.rawValue
        try connection.query("SELECT lock_chain(\(coopID))")
        try connection.query("""
            WITH lines AS (
                SELECT p.entry_id, json_agg(canonical_line(p) ORDER BY p.line_no) AS lines
                FROM postings p JOIN import_ids i ON i.entry_id = p.entry_id
                WHERE p.coop_id = \(coopID)
                GROUP BY p.entry_id
            )
            INSERT INTO entry_hashes (coop_id, entry_id, chain_seq, hash)
            SELECT \(coopID), e.entry_id, head.chain_seq + row_number() OVER (ORDER BY e.entry_id),
                   chain_hash(head.hash, entry_canonical(e, l.lines)) OVER (ORDER BY e.entry_id)
            FROM journal_entries e JOIN lines l ON l.entry_id = e.entry_id CROSS JOIN chain_head(\(coopID)) AS head
            WHERE e.coop_id = \(coopID)
            """)
    }

    /// Recomputes the whole chain from the journal as it is now. With `anchor`, a head
    /// recorded earlier (a statement prints it), the chain must still contain that link:
    /// removing the newest entries together with their hashes is caught that way.
    public func verify(anchor: String? = nil) throws -> ChainVerdict {
        let coopID = coop.rawValue
        let rows = try connection.query("""
            WITH lines AS (
                SELECT p.entry_id, json_agg(canonical_line(p) ORDER BY p.line_no) AS lines
                FROM postings p WHERE p.coop_id = \(coopID) GROUP BY p.entry_id
            ), recomputed AS (
                SELECT h.entry_id, h.chain_seq, h.hash AS stored, e.entry_id IS NULL AS is_missing,
                       chain_hash('\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
                                  CASE WHEN e.entry_id IS NULL THEN NULL ELSE entry_canonical(e, l.lines) END) OVER (ORDER BY h.chain_seq) AS hash
                FROM entry_hashes h
                LEFT JOIN journal_entries e ON e.coop_id = h.coop_id AND e.entry_id = h.entry_id
                LEFT JOIN lines l ON l.entry_id = h.entry_id
                WHERE h.coop_id = \(coopID)
            )
            SELECT entry_id, chain_seq, is_missing, stored = hash AS matches, encode(hash, 'hex'),
                   chain_seq = row_number() OVER (ORDER BY chain_seq) AS is_in_sequence
            FROM recomputed ORDER BY chain_seq
            """).rows
        var head = ChainHead(entries: 0, hash: String(repeating: "0", count: 64))
        var isAnchorFound = anchor == nil || anchor == head.hash
        for row in rows {
            let entry = try row.decode(Int64.self, at: 0)
            let seq = try row.decode(Int64.self, at: 1)
            if try row.decode(Bool.self, at: 2) {
                return .broken(entry: entry, chainSeq: seq, reason: "the entry was deleted")
            }
            if !(try row.decode(Bool.self, at: 5)) {
                return .broken(entry: entry, chainSeq: seq, reason: "the chain skips a link before it (an entry and its hash were deleted)")
            }
            if !(try row.decode(Bool.self, at: 3)) {
                return .broken(entry: entry, chainSeq: seq, reason: "its hash does not match its contents (it or an earlier link was changed)")
            }
            head = ChainHead(entries: seq, hash: try row.decode(String.self, at: 4))
            if head.hash == anchor { isAnchorFound = true }
        }
        guard isAnchorFound else {
            return .broken(entry: 0, chainSeq: head.entries, reason: "the recorded head \(anchor ?? "") is not in the chain: entries after it were removed, or links rewritten")
        }
        let unchained = try connection.query("""
            SELECT e.entry_id FROM journal_entries e
            WHERE e.coop_id = \(coopID) AND NOT EXISTS (SELECT 1 FROM entry_hashes h WHERE h.coop_id = e.coop_id AND h.entry_id = e.entry_id)
            ORDER BY e.entry_id LIMIT 1
            """).rows.first
        if let unchained {
            return .broken(entry: try unchained.decode(Int64.self, at: 0), chainSeq: 0, reason: "the entry is not in the chain (written with the journal's triggers off)")
        }
        return .intact(head)
    }
}
