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
        try connection.query(
            """
            SELECT event_seq, encode(hash, 'hex') FROM period_events WHERE coop_id = \(coop.rawValue)
            ORDER BY event_seq DESC LIMIT 1
            """
        ).rows.first.map { ChainHead(entries: try $0.decode(Int64.self, at: 0), hash: try $0.decode(String.self, at: 1)) }
    }

    /// The heads a statement of the books through `day` is made from: the link of the
    /// last-chained entry dated on or before `day`, and the newest closing or reopening event
    /// of a year up to `day`'s. Once `day`'s year is closed neither moves (nothing more may
    /// be dated in it, and its events end with its close), so a closed year's statements
    /// print the same heads whatever is posted later; `verify --head` on that link still
    /// proves none of the year's entries was taken out.
    public func heads(through day: Day) throws -> (entries: ChainHead?, periods: ChainHead?) {
        let entries = try connection.query(
            """
            SELECT h.chain_seq, encode(h.hash, 'hex') FROM entry_hashes h
            JOIN journal_entries e ON e.coop_id = h.coop_id AND e.entry_id = h.entry_id
            WHERE h.coop_id = \(coop.rawValue) AND e.entry_date <= \(day)
            ORDER BY h.chain_seq DESC LIMIT 1
            """
        ).rows.first.map { ChainHead(entries: try $0.decode(Int64.self, at: 0), hash: try $0.decode(String.self, at: 1)) }
        let periods = try connection.query(
            """
            SELECT event_seq, encode(hash, 'hex') FROM period_events
            WHERE coop_id = \(coop.rawValue) AND year <= \(Int32(day.year))
            ORDER BY event_seq DESC LIMIT 1
            """
        ).rows.first.map { ChainHead(entries: try $0.decode(Int64.self, at: 0), hash: try $0.decode(String.self, at: 1)) }
        return (entries, periods)
    }

    /// Recomputes the whole chain from the journal as it is now. With `anchor`, a head
    /// recorded earlier (a statement prints it), the chain must still contain that link:
    /// removing the newest entries together with their hashes is caught that way; and the
    /// same for the period events with `periodAnchor`.
    ///
    /// The links, entries, voucher numbers and postings stream in (`JournalStreams`), side
    /// by side in entry id order, in this transaction's snapshot; the canonical bytes and
    /// SHA-256 are computed here (`ChainCanonical`), each link checked against the stored
    /// hash before it (`ChainLinks`). Memory stays flat. On the same pass: entries with no
    /// link, postings of no entry, entries with no postings. `progress` hears how many
    /// entries are checked, every `progressInterval`.
    public func verify(anchor: String? = nil, periodAnchor: String? = nil, progress: ((Int64) -> Void)? = nil) throws -> ChainVerdict {
        var anchorHash: LinkHash?
        if let anchor {
            guard let hash = LinkHash(hex: anchor.lowercased()) else {
                return .broken(entry: 0, chainSeq: 0, reason: "the recorded head \(anchor) is not 64 hexadecimal digits")
            }
            anchorHash = hash
        }
        var streams = try JournalStreams(coop: coop, snapshotOf: connection)
        var links = ChainLinks(anchor: anchorHash)
        var canonical = ChainCanonical(coop: coop)
        var unchained: Int64?, postingsWithoutEntry: Int64?, entryWithoutPostings: Int64?
        var checked: Int64 = 0
        while let id = streams.nextEntryID {
            let hasLink = streams.links.entryID == id, hasEntry = streams.entries.entryID == id
            if hasLink && hasEntry {
                let format = streams.links.rows.integer(JournalStreams.LinkColumn.format) ?? 0
                canonical.start(
                    format: format, entry: streams.entries.rows,
                    voucher: streams.vouchers.entryID == id ? streams.vouchers.rows : nil)
            }
            var lineCount = 0
            while streams.lines.entryID == id {
                if hasLink && hasEntry { canonical.line(streams.lines.rows) }
                lineCount += 1
                try streams.lines.advance()
            }
            if hasLink {
                let rows = streams.links.rows
                if hasEntry { canonical.finish() }
                links.add(
                    chainSeq: rows.integer(JournalStreams.LinkColumn.chainSeq) ?? 0, entry: id,
                    stored: rows.bytes(JournalStreams.LinkColumn.hash).flatMap { LinkHash($0) },
                    bytes: hasEntry ? canonical.bytes : nil)
                try streams.links.advance()
            } else if hasEntry {
                unchained = unchained ?? id
            } else if lineCount > 0 {
                postingsWithoutEntry = postingsWithoutEntry ?? id
            }
            if hasEntry {
                if lineCount == 0 { entryWithoutPostings = entryWithoutPostings ?? id }
                try streams.entries.advance()
                checked += 1
                if checked % Self.progressInterval == 0 { progress?(checked) }
            }
            while streams.vouchers.entryID == id { try streams.vouchers.advance() }
        }
        let head: (entries: Int64, hash: LinkHash)
        switch links.finish() {
        case .success(let last): head = last
        case .failure(let problem): return .broken(entry: problem.entry, chainSeq: problem.chainSeq, reason: problem.reason)
        }
        guard links.isAnchorFound else {
            return .broken(
                entry: 0, chainSeq: head.entries,
                reason: "the recorded head \(anchor ?? "") is not in the chain: entries after it were removed, or links rewritten")
        }
        if let unchained {
            return .broken(entry: unchained, chainSeq: 0, reason: "the entry is not in the chain (written with the journal's triggers off)")
        }
        if let postingsWithoutEntry {
            return .broken(entry: postingsWithoutEntry, chainSeq: 0, reason: "postings of an entry that does not exist")
        }
        if let entryWithoutPostings {
            return .broken(entry: entryWithoutPostings, chainSeq: 0, reason: "an entry without postings")
        }
        if let period = try periodEvidence(anchor: periodAnchor) { return period }
        return .intact(ChainHead(entries: head.entries, hash: head.hash.hex))
    }

    static let progressInterval: Int64 = 100_000

    /// The chain of closing and reopening events recomputes, and every period row says what
    /// its year's last event says: a year closed or reopened by hand shows here.
    func periodEvidence(anchor: String?) throws -> ChainVerdict? {
        let coopID = coop.rawValue
        if let row = try connection.query(
            """
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
            """
        ).rows.first {
            let year = try row.decode(Int32.self, at: 1)
            return .broken(
                entry: 0, chainSeq: 0,
                reason: try row.decode(Bool.self, at: 2)
                    ? "the closing or reopening of \(year) (event \(try row.decode(Int64.self, at: 0))) does not match its hash"
                    : "the period events skip one before \(year)'s (an event was deleted)")
        }
        // Every stored hash recomputes, so a recorded head still among them is still in the chain.
        if let anchor,
            try connection.query(
                """
                SELECT 1 FROM period_events WHERE coop_id = \(coopID) AND hash = decode(\(anchor), 'hex')
                """
            ).rows.isEmpty
        {
            return .broken(entry: 0, chainSeq: 0, reason: "the recorded period head \(anchor) is not among the period events: events after it were removed")
        }
        if let row = try connection.query(
            """
            SELECT p.year, p.closed_at IS NOT NULL FROM periods p
            LEFT JOIN LATERAL (SELECT is_closed FROM period_events v WHERE v.coop_id = p.coop_id AND v.year = p.year AND v.month IS NULL
                               ORDER BY v.event_seq DESC LIMIT 1) AS last ON true
            WHERE p.coop_id = \(coopID) AND (p.closed_at IS NOT NULL) <> coalesce(last.is_closed, false)
            ORDER BY p.year LIMIT 1
            """
        ).rows.first {
            let year = try row.decode(Int32.self, at: 0)
            let state = try row.decode(Bool.self, at: 1) ? "closed, but no chained event closed it" : "open, but its last chained event closed it"
            return .broken(entry: 0, chainSeq: 0, reason: "the year \(year) is \(state) (its period row was changed by hand)")
        }
        // Each month's last event says whether it is closed; closed_months must agree.
        if let row = try connection.query(
            """
            WITH last AS (
                SELECT DISTINCT ON (year, month) make_date(year, month, 1) AS month, is_closed FROM period_events
                WHERE coop_id = \(coopID) AND month IS NOT NULL ORDER BY year, month, event_seq DESC
            )
            SELECT coalesce(c.month, l.month), c.month IS NOT NULL
            FROM (SELECT month FROM closed_months WHERE coop_id = \(coopID)) c
            FULL JOIN (SELECT month FROM last WHERE is_closed) l ON l.month = c.month
            WHERE c.month IS NULL OR l.month IS NULL
            ORDER BY 1 LIMIT 1
            """
        ).rows.first {
            let month = try CalendarMonth(of: try row.decode(Day.self, at: 0))
            let state = try row.decode(Bool.self, at: 1) ? "closed, but no chained event closed it" : "open, but its last chained event closed it"
            return .broken(entry: 0, chainSeq: 0, reason: "the month \(month) is \(state) (closed_months was changed by hand)")
        }
        // Reopening is reversing the year's run: a posted run in an open year was reopened around it.
        if let row = try connection.query(
            """
            SELECT r.year FROM distribution_runs r
            JOIN periods p ON p.coop_id = r.coop_id AND p.year = r.year
            WHERE r.coop_id = \(coopID) AND r.status = 'posted' AND p.closed_at IS NULL
            ORDER BY r.year LIMIT 1
            """
        ).rows.first {
            return .broken(
                entry: 0, chainSeq: 0, reason: "the year \(try row.decode(Int32.self, at: 0)) has a posted run but is open (reopened without reversing its run)"
            )
        }
        return nil
    }
}
