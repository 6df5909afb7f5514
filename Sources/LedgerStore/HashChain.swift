import Crypto
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

    /// The newest closing or reopening event's hash, and how many events there are; nil
    /// before the first. Statements print it beside the entries' head: removing the newest
    /// events together with the period rows is caught by `verify --period-head`.
    public func periodHead() throws -> ChainHead? {
        try connection.query("""
            SELECT event_seq, encode(hash, 'hex') FROM period_events WHERE coop_id = \(coop.rawValue)
            ORDER BY event_seq DESC LIMIT 1
            """).rows.first.map { ChainHead(entries: try $0.decode(Int64.self, at: 0), hash: try $0.decode(String.self, at: 1)) }
    }

    /// Recomputes the whole chain from the journal as it is now. With `anchor`, a head
    /// recorded earlier (a statement prints it), the chain must still contain that link:
    /// removing the newest entries together with their hashes is caught that way; and the
    /// same for the period events with `periodAnchor`.
    ///
    /// The links and the postings stream in through two cursors (memory stays flat); the
    /// canonical bytes and SHA-256 are computed here (`ChainCanonical`), the postings matched
    /// to links by entry id, which follows chain order but for the few entries that
    /// committed out of turn (they wait in `LinesReader`).
    public func verify(anchor: String? = nil, periodAnchor: String? = nil) throws -> ChainVerdict {
        let coopID = coop.rawValue
        // The canonical bytes spell dates as ISO, whatever the server's DateStyle. The cursors
        // are read to the end: plan them for all their rows, not for a quick first few, and
        // sort the links in memory.
        try connection.execute(unsafeSQL: "SET LOCAL DateStyle = 'ISO'; SET LOCAL cursor_tuple_fraction = 1.0; SET LOCAL work_mem = '64MB'")
        try connection.query("""
            DECLARE chain_links NO SCROLL CURSOR FOR
            SELECT h.chain_seq, h.entry_id, h.format, encode(h.hash, 'hex'), e.entry_id IS NULL,
                   e.coop_id, e.entry_date, e.kind, e.idempotency_key, e.reverses_entry_id, e.memo,
                   (extract(epoch FROM e.created_at) * 1000000)::bigint, v.month, v.number,
                   e.prepared_by, e.approved_by, e.posted_by, e.voucher_id, e.attachments
            FROM entry_hashes h
            LEFT JOIN journal_entries e ON e.coop_id = h.coop_id AND e.entry_id = h.entry_id
            LEFT JOIN voucher_numbers v ON v.coop_id = h.coop_id AND v.entry_id = h.entry_id
            WHERE h.coop_id = \(coopID) ORDER BY h.chain_seq
            """)
        try connection.query("""
            DECLARE chain_lines NO SCROLL CURSOR FOR
            SELECT entry_id, line_no, account_code, member_no, amount, entry_date, kind FROM postings
            WHERE coop_id = \(coopID) ORDER BY entry_id, line_no
            """)
        var lines = LinesReader(connection: connection)
        var linked: Int64 = 0
        var previous = [UInt8](repeating: 0, count: 32)
        let anchorBytes = anchor.map { Array($0.lowercased().utf8) }
        var isAnchorFound = anchor == nil || anchorBytes == Hex.encodeBytes(previous)
        typealias Column = ChainCanonical.LinkColumn
        while true {
            let links = try connection.queryRaw(Query(unsafeSQL: "FETCH \(Self.fetchSize) FROM chain_links"))
            if links.rowCount == 0 { break }
            for index in 0..<links.rowCount {
                let row = links[index]
                let entry = row.integer(at: Column.entryID) ?? 0
                let seq = row.integer(at: Column.chainSeq) ?? 0
                if row.bytes(at: Column.isMissing)?.first == UInt8(ascii: "t") {
                    return .broken(entry: entry, chainSeq: seq, reason: "the entry was deleted")
                }
                if seq != linked + 1 {
                    return .broken(entry: entry, chainSeq: seq, reason: "the chain skips a link before it (an entry and its hash were deleted)")
                }
                let format = Int(row.integer(at: Column.format) ?? 0)
                var hasher = SHA256()
                hasher.update(data: previous)
                hasher.update(data: ChainCanonical.bytes(format: format, entry: row, lines: try lines.of(entry)))
                previous = Array(hasher.finalize())
                let hex = Hex.encodeBytes(previous)
                guard let stored = row.bytes(at: Column.hash), stored.elementsEqual(hex) else {
                    return .broken(entry: entry, chainSeq: seq, reason: "its hash does not match its contents (it or an earlier link was changed)")
                }
                linked = seq
                if hex == anchorBytes { isAnchorFound = true }
            }
        }
        let head = ChainHead(entries: linked, hash: Hex.encode(previous))
        try connection.execute(unsafeSQL: "CLOSE chain_links; CLOSE chain_lines")
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
        if let orphan = try orphans() { return orphan }
        if let period = try periodEvidence(anchor: periodAnchor) { return period }
        return .intact(head)
    }

    static let fetchSize = 10_000

    /// The postings of one entry after another, from the `chain_lines` cursor (entry id
    /// order); those of entries the chain has not reached yet wait here until it does.
    struct LinesReader {
        let connection: Connection
        private var rows: RawResult?
        private var next = 0
        private var isDone = false
        private var waiting: [Int64: [RawRow]] = [:]

        init(connection: Connection) { self.connection = connection }

        mutating func of(_ entry: Int64) throws -> [RawRow] {
            if let ready = waiting.removeValue(forKey: entry) { return ready }
            var found: [RawRow] = []
            while true {
                if next == (rows?.rowCount ?? 0) {
                    guard !isDone else { return found }
                    rows = try connection.queryRaw(Query(unsafeSQL: "FETCH \(HashChain.fetchSize) FROM chain_lines"))
                    next = 0
                    if rows?.rowCount == 0 { isDone = true; return found }
                }
                guard let row = rows?[next] else { return found }
                let id = row.integer(at: ChainCanonical.LineColumn.entryID) ?? 0
                if id > entry { return found }  // this entry's lines (if any) are all read
                next += 1
                if id == entry { found.append(row) } else { waiting[id, default: []].append(row) }
            }
        }
    }

    /// Postings of no entry, and entries with no postings: rows the chain cannot speak for.
    func orphans() throws -> ChainVerdict? {
        let coopID = coop.rawValue
        if let row = try connection.query("""
            SELECT p.entry_id FROM postings p
            WHERE p.coop_id = \(coopID)
              AND NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.coop_id = p.coop_id AND e.entry_id = p.entry_id)
            ORDER BY p.entry_id LIMIT 1
            """).rows.first {
            return .broken(entry: try row.decode(Int64.self, at: 0), chainSeq: 0, reason: "postings of an entry that does not exist")
        }
        if let row = try connection.query("""
            SELECT e.entry_id FROM journal_entries e
            WHERE e.coop_id = \(coopID)
              AND NOT EXISTS (SELECT 1 FROM postings p WHERE p.coop_id = e.coop_id AND p.entry_id = e.entry_id)
            ORDER BY e.entry_id LIMIT 1
            """).rows.first {
            return .broken(entry: try row.decode(Int64.self, at: 0), chainSeq: 0, reason: "an entry without postings")
        }
        return nil
    }

    /// The chain of closing and reopening events recomputes, and every period row says what
    /// its year's last event says: a year closed or reopened by hand shows here.
    func periodEvidence(anchor: String?) throws -> ChainVerdict? {
        let coopID = coop.rawValue
        if let row = try connection.query("""
            WITH recomputed AS (
                SELECT event_seq, year, hash AS stored,
                       chain_hash('\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea,
                                  CASE WHEN month IS NULL THEN period_event_canonical(coop_id, event_seq, year, is_closed, at)
                                       ELSE month_event_canonical(coop_id, event_seq, year, month, is_closed, at) END) OVER (ORDER BY event_seq) AS hash,
                       event_seq = row_number() OVER (ORDER BY event_seq) AS is_in_sequence
                FROM period_events WHERE coop_id = \(coopID)
            )
            SELECT event_seq, year, is_in_sequence FROM recomputed WHERE stored <> hash OR NOT is_in_sequence
            ORDER BY event_seq LIMIT 1
            """).rows.first {
            let year = try row.decode(Int32.self, at: 1)
            return .broken(entry: 0, chainSeq: 0, reason: try row.decode(Bool.self, at: 2)
                ? "the closing or reopening of \(year) (event \(try row.decode(Int64.self, at: 0))) does not match its hash"
                : "the period events skip one before \(year)'s (an event was deleted)")
        }
        // Every stored hash recomputes, so a recorded head still among them is still in the chain.
        if let anchor, try connection.query("""
            SELECT 1 FROM period_events WHERE coop_id = \(coopID) AND hash = decode(\(anchor), 'hex')
            """).rows.isEmpty {
            return .broken(entry: 0, chainSeq: 0, reason: "the recorded period head \(anchor) is not among the period events: events after it were removed")
        }
        if let row = try connection.query("""
            SELECT p.year, p.closed_at IS NOT NULL FROM periods p
            LEFT JOIN LATERAL (SELECT is_closed FROM period_events v WHERE v.coop_id = p.coop_id AND v.year = p.year AND v.month IS NULL
                               ORDER BY v.event_seq DESC LIMIT 1) AS last ON true
            WHERE p.coop_id = \(coopID) AND (p.closed_at IS NOT NULL) <> coalesce(last.is_closed, false)
            ORDER BY p.year LIMIT 1
            """).rows.first {
            let year = try row.decode(Int32.self, at: 0)
            let state = try row.decode(Bool.self, at: 1) ? "closed, but no chained event closed it" : "open, but its last chained event closed it"
            return .broken(entry: 0, chainSeq: 0, reason: "the year \(year) is \(state) (its period row was changed by hand)")
        }
        // Each month's last event says whether it is closed; closed_months must agree.
        if let row = try connection.query("""
            WITH last AS (
                SELECT DISTINCT ON (year, month) make_date(year, month, 1) AS month, is_closed FROM period_events
                WHERE coop_id = \(coopID) AND month IS NOT NULL ORDER BY year, month, event_seq DESC
            )
            SELECT coalesce(c.month, l.month), c.month IS NOT NULL
            FROM (SELECT month FROM closed_months WHERE coop_id = \(coopID)) c
            FULL JOIN (SELECT month FROM last WHERE is_closed) l ON l.month = c.month
            WHERE c.month IS NULL OR l.month IS NULL
            ORDER BY 1 LIMIT 1
            """).rows.first {
            let month = try CalendarMonth(of: try row.decode(Day.self, at: 0))
            let state = try row.decode(Bool.self, at: 1) ? "closed, but no chained event closed it" : "open, but its last chained event closed it"
            return .broken(entry: 0, chainSeq: 0, reason: "the month \(month) is \(state) (closed_months was changed by hand)")
        }
        // Reopening is reversing the year's run: a posted run in an open year was reopened around it.
        if let row = try connection.query("""
            SELECT r.year FROM distribution_runs r
            JOIN periods p ON p.coop_id = r.coop_id AND p.year = r.year
            WHERE r.coop_id = \(coopID) AND r.status = 'posted' AND p.closed_at IS NULL
            ORDER BY r.year LIMIT 1
            """).rows.first {
            return .broken(entry: 0, chainSeq: 0, reason: "the year \(try row.decode(Int32.self, at: 0)) has a posted run but is open (reopened without reversing its run)")
        }
        return nil
    }
}
