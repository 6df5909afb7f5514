import LedgerCore
import Postgres

/// A refusal found by a set-based check, at the file line it concerns.
public struct StagedLineError: Sendable, Equatable {
    public let line: Int
    public let field: String
    public let message: String
}

/// The import's staging table and the set-based checks over it. Lines are copied into a
/// temporary table (dropped at commit), checked all at once in SQL, and moved into the
/// journal with two INSERT … SELECT statements, so no check costs a round trip per entry.
public struct ImportStaging {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func create() throws {
        try connection.execute(
            unsafeSQL: """
                CREATE TEMP TABLE import_lines (
                    line_no         integer NOT NULL,
                    seq             integer NOT NULL,
                    idempotency_key text NOT NULL,
                    entry_date      date NOT NULL,
                    memo            text NOT NULL,
                    account_code    text NOT NULL,
                    member_no       integer,
                    amount          bigint NOT NULL
                ) ON COMMIT DROP;
                CREATE TEMP TABLE import_skipped (idempotency_key text PRIMARY KEY) ON COMMIT DROP;
                """)
    }

    /// Streams lines in; `produce` hands each batch to `send` and returns false at the end.
    public func copy(_ fill: (inout CopyWriter) throws -> Void) throws {
        try connection.copyIn(
            """
            COPY import_lines (line_no, seq, idempotency_key, entry_date, memo, account_code, member_no, amount) FROM STDIN
            """, write: fill)
    }

    public static func row(_ line: JournalLine, seq: Int) -> [String?] {
        [String(line.line), String(seq), line.key, line.date.description, line.memo, line.account.rawValue, line.member?.description, String(line.amount.fen)]
    }

    /// Every rule an entry must meet, checked over all staged lines at once; at most
    /// `limit` refusals, in line order. Keys already in the journal with the same content
    /// are set aside to be skipped; with other content they are refused.
    /// `today` sets the latest day an entry may carry (`EntryDates`).
    public func check(limit: Int, today: Day) throws -> [StagedLineError] {
        let coopID = coop.rawValue
        // One row per key, aggregated once; entry-level checks read it, not the lines.
        try connection.execute(
            unsafeSQL: """
                ANALYZE import_lines;
                CREATE TEMP TABLE import_entries ON COMMIT DROP AS
                SELECT idempotency_key, min(seq) AS first_seq, min(line_no) AS first_line, max(line_no) AS last_line,
                       count(*) AS line_count, sum(amount) AS total, sum(greatest(amount, 0)) AS debits,
                       min(entry_date) AS entry_date, max(entry_date) AS last_date,
                       coalesce(min(nullif(memo, '')), '') AS memo, coalesce(max(nullif(memo, '')), '') AS other_memo,
                       -- Runs of consecutive rows: an entry's rows are contiguous, so more than one
                       -- run is a key that came back after another (a block pasted twice).
                       count(*) FILTER (WHERE previous_key IS DISTINCT FROM idempotency_key) AS runs,
                       (array_agg(line_no ORDER BY seq) FILTER (WHERE previous_key IS DISTINCT FROM idempotency_key))[2] AS rerun_line
                FROM (SELECT *, lag(idempotency_key) OVER (ORDER BY seq) AS previous_key FROM import_lines) AS l
                GROUP BY idempotency_key;
                ANALYZE import_entries;
                """)
        // Keys already in the journal first: identical ones are skipped and take no part in
        // the checks (a re-import of a closed year's file skips, it is not refused).
        let conflicts = try conflictsWithJournal(limit: limit)
        try connection.execute(
            unsafeSQL: """
                DELETE FROM import_lines l USING import_skipped s WHERE l.idempotency_key = s.idempotency_key;
                DELETE FROM import_entries k USING import_skipped s WHERE k.idempotency_key = s.idempotency_key;
                """)
        let rows = try connection.query(
            """
            SELECT line_no, field, message FROM (
                SELECT l.line_no, 'date' AS field, format('%s: the lines of key %s share one date (%s on line %s)', l.entry_date, l.idempotency_key, f.entry_date, f.line_no) AS message
                FROM import_entries k
                JOIN import_lines f ON f.idempotency_key = k.idempotency_key AND f.seq = k.first_seq
                JOIN import_lines l ON l.idempotency_key = k.idempotency_key AND l.entry_date <> f.entry_date
                WHERE k.entry_date <> k.last_date
                UNION ALL
                SELECT first_line, 'key', format('%s: keys starting %s are the ledger''s own', idempotency_key, \(ClientKey.reservedList)::text)
                FROM import_entries WHERE idempotency_key ~ \(ClientKey.reservedPattern)
                UNION ALL
                SELECT rerun_line, 'key', format('%s: this key''s rows began at line %s and other keys came between; an entry''s rows are contiguous (a block pasted twice?)',
                       idempotency_key, first_line)
                FROM import_entries WHERE runs > 1
                UNION ALL
                SELECT last_line, 'memo', format('the lines of key %s have two memos (%s, %s); give it once', idempotency_key, memo, other_memo)
                FROM import_entries WHERE memo <> other_memo
                UNION ALL
                SELECT last_line, 'key', format('%s: an entry has at least two lines', idempotency_key)
                FROM import_entries WHERE line_count < 2
                UNION ALL
                SELECT last_line, 'key', format('%s: an entry has at most %s lines, this one %s', idempotency_key, \(Int64(Limits.linesPerEntryMax))::bigint, line_count)
                FROM import_entries WHERE line_count > \(Int64(Limits.linesPerEntryMax))
                UNION ALL
                SELECT last_line, 'key', format('%s: debits %s, credits %s: an entry''s debits must equal its credits (its lines end here)',
                       idempotency_key, to_char(debits / 100.0, 'FM999999999999999990.00'), to_char((debits - total) / 100.0, 'FM999999999999999990.00'))
                FROM import_entries WHERE total <> 0
                UNION ALL
                SELECT first_line, 'date', format('%s: an entry is dated from %s through %s (the end of next year)', entry_date,
                       \(EntryDates.earliest), \(EntryDates.latest(today: today)))
                FROM import_entries WHERE entry_date < \(EntryDates.earliest) OR entry_date > \(EntryDates.latest(today: today))
                UNION ALL
                SELECT first_line, 'date', format('%s: the year %s is closed (the books are closed through %s-12-31)', k.entry_date,
                       extract(year FROM k.entry_date), c.year)
                FROM import_entries k
                JOIN (SELECT max(year) AS year FROM periods WHERE coop_id = \(coopID) AND closed_at IS NOT NULL) AS c
                  ON c.year >= extract(year FROM k.entry_date)::integer
                UNION ALL
                SELECT k.first_line, 'date', format('%s: the month %s is closed (%s is closed through %s)', k.entry_date,
                       to_char(k.entry_date, 'YYYY-MM'), extract(year FROM k.entry_date), to_char(c.month, 'YYYY-MM'))
                FROM import_entries k
                JOIN (SELECT extract(year FROM month)::integer AS year, max(month) AS month FROM closed_months
                      WHERE coop_id = \(coopID) GROUP BY 1) AS c
                  ON c.year = extract(year FROM k.entry_date)::integer
                WHERE date_trunc('month', k.entry_date) <= c.month
                UNION ALL
                SELECT l.line_no, 'account', CASE
                        WHEN a.code IS NULL THEN format('%s: no such account in this cooperative''s chart', l.account_code)
                        WHEN NOT a.is_postable THEN format('%s: %s is a heading; post to one of its sub-accounts', l.account_code, a.name)
                        WHEN NOT a.is_active THEN format('%s: %s is deactivated', l.account_code, a.name)
                        WHEN l.member_no IS NULL THEN format('%s: %s is kept per member; give the member', l.account_code, a.name)
                        ELSE format('%s: %s has no member detail accounts; leave member empty', l.account_code, a.name) END
                FROM import_lines l LEFT JOIN accounts a ON a.coop_id = \(coopID) AND a.code = l.account_code
                WHERE a.code IS NULL OR NOT a.is_postable OR NOT a.is_active
                   OR (a.member_rule = 'required' AND l.member_no IS NULL) OR (a.member_rule = 'none' AND l.member_no IS NOT NULL)
                UNION ALL
                SELECT l.line_no, 'member', format('%s: no such member in this cooperative', l.member_no)
                FROM import_lines l WHERE l.member_no IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM members m WHERE m.coop_id = \(coopID) AND m.member_no = l.member_no)
            ) AS refusals
            ORDER BY line_no
            LIMIT \(Int64(limit))
            """
        ).rows
        let errors = try rows.map { row in
            StagedLineError(
                line: Int(try row.decode(Int32.self, at: 0)), field: try row.decode(String.self, at: 1), message: try row.decode(String.self, at: 2))
        }
        return Array((errors + conflicts).sorted { $0.line < $1.line }.prefix(limit))
    }

    /// Keys the journal has already: identical entries are set aside to skip, others refused.
    ///
    /// The journal is only ever read by index, with the staged keys (or ids) as one array,
    /// and what it returns goes into analyzed temporary tables before anything joins it:
    /// no plan depends on the journal's statistics, which can be stale (an autovacuum
    /// during an import later killed once left the planner scanning the journal per key).
    private func conflictsWithJournal(limit: Int) throws -> [StagedLineError] {
        let coopID = coop.rawValue
        try connection.query(
            """
            CREATE TEMP TABLE import_existing ON COMMIT DROP AS
            SELECT e.idempotency_key, k.first_line, e.entry_id, e.entry_date, e.memo, e.kind
            FROM (SELECT entry_id, idempotency_key, entry_date, memo, kind FROM journal_entries
                  WHERE coop_id = \(coopID) AND idempotency_key = ANY (ARRAY(SELECT idempotency_key FROM import_entries))
                  OFFSET 0) AS e
            JOIN import_entries k USING (idempotency_key)
            """)
        try connection.execute(unsafeSQL: "ANALYZE import_existing")
        // Only keys already present are compared line by line (none, on a first import).
        try connection.query(
            """
            CREATE TEMP TABLE import_existing_lines ON COMMIT DROP AS
            SELECT p.entry_id, array_agg(p.account_code ORDER BY p.line_no) AS codes,
                   array_agg(coalesce(p.member_no, 0) ORDER BY p.line_no) AS member_nos, array_agg(p.amount ORDER BY p.line_no) AS line_amounts
            FROM postings p
            WHERE p.coop_id = \(coopID) AND p.entry_id = ANY (ARRAY(SELECT entry_id FROM import_existing))
            GROUP BY p.entry_id
            """)
        try connection.execute(unsafeSQL: "ANALYZE import_existing_lines")
        // The staged content of those keys, aggregated once into an analyzed table. Every join
        // below is on one column (the key, the entry id) and the content is compared above an
        // optimization fence (OFFSET 0), never as a join clause: a join on several aggregated
        // columns is estimated at one row, and the nested loop the planner then chose made a
        // re-import of 100,000 identical entries run for hours.
        try connection.execute(
            unsafeSQL: """
                CREATE TEMP TABLE import_staged_existing ON COMMIT DROP AS
                SELECT l.idempotency_key, (array_agg(l.entry_date ORDER BY l.seq))[1] AS entry_date,
                       coalesce(min(nullif(l.memo, '')), '') AS memo, array_agg(l.account_code ORDER BY l.seq) AS codes,
                       array_agg(coalesce(l.member_no, 0) ORDER BY l.seq) AS member_nos, array_agg(l.amount ORDER BY l.seq) AS line_amounts
                FROM import_lines l JOIN import_existing x USING (idempotency_key)
                GROUP BY l.idempotency_key;
                ANALYZE import_staged_existing;
                INSERT INTO import_skipped (idempotency_key)
                SELECT idempotency_key FROM (
                    SELECT s.idempotency_key,
                           x.kind = 'general' AND (s.entry_date, s.memo, s.codes, s.member_nos, s.line_amounts)
                                                  = (x.entry_date, x.memo, el.codes, el.member_nos, el.line_amounts) AS is_same
                    FROM import_staged_existing s
                    JOIN import_existing x USING (idempotency_key)
                    JOIN import_existing_lines el ON el.entry_id = x.entry_id
                    OFFSET 0
                ) AS compared
                WHERE is_same;
                """)
        return try connection.query(
            """
            SELECT x.first_line, x.idempotency_key, x.entry_id FROM import_existing x
            WHERE NOT EXISTS (SELECT 1 FROM import_skipped s WHERE s.idempotency_key = x.idempotency_key)
            ORDER BY x.first_line LIMIT \(Int64(limit))
            """
        ).rows.map { row in
            StagedLineError(
                line: Int(try row.decode(Int64.self, at: 0)), field: "key",
                message: "\(try row.decode(String.self, at: 1)): already used by entry \(try row.decode(Int64.self, at: 2)) with other content")
        }
    }

    /// Moves the checked lines (already-present keys removed by `check`) into the journal,
    /// entries numbered in file order. Returns how many were posted and skipped.
    public func post() throws -> (posted: Int64, skipped: Int64) {
        let coopID = coop.rawValue
        // Ids first, in a table of their own: the postings then join staged lines to ids
        // by hash, not through the journal's index a million times.
        try connection.execute(
            unsafeSQL: """
                CREATE TEMP TABLE import_ids ON COMMIT DROP AS
                SELECT nextval('journal_entry_id_seq') AS entry_id, idempotency_key, entry_date, memo
                FROM (SELECT * FROM import_entries ORDER BY first_seq) AS ordered;
                ANALYZE import_ids;
                """)
        // The acting person is asked once for all the rows (an InitPlan): the columns' default
        // would ask twice a row, 0.39 s of a 100,000-entry import's 6.6. The database still
        // checks that each poster is the acting person.
        let posted = try connection.query(
            """
            INSERT INTO journal_entries (coop_id, entry_id, entry_date, memo, idempotency_key, kind, prepared_by, posted_by)
            SELECT \(coopID), entry_id, entry_date, memo, idempotency_key, 'general', (SELECT acting_person()), (SELECT acting_person())
            FROM import_ids ORDER BY entry_id
            """
        ).affectedRows
        try connection.query(
            """
            INSERT INTO postings (coop_id, entry_id, line_no, account_code, member_no, amount, entry_date, kind)
            SELECT \(coopID), i.entry_id, row_number() OVER (PARTITION BY i.entry_id ORDER BY l.seq),
                   l.account_code, l.member_no, l.amount, i.entry_date, 'general'
            FROM import_lines l JOIN import_ids i USING (idempotency_key)
            """)
        // The planner learns what this transaction wrote (ANALYZE counts its own rows), so
        // the commit checks are planned for 150,000 entries, not for the "no rows" that an
        // autovacuum during the import may have recorded.
        try connection.execute(unsafeSQL: "ANALYZE journal_entries; ANALYZE postings; ANALYZE unchecked_entries")
        // The commit checks (balance, voucher numbers, chain: 017, 023) run now rather than at
        // commit, set-based over the whole import, so the numbers are there to report.
        try connection.execute(unsafeSQL: "SET CONSTRAINTS commit_checks_run IMMEDIATE")
        return (posted, try counts().skipped)
    }

    /// The voucher numbers the posted entries took, per month (after `post`).
    public func voucherRanges() throws -> [VoucherRange] {
        try connection.query(
            """
            SELECT v.month, min(v.number), v.month, max(v.number) FROM voucher_numbers v JOIN import_ids i ON i.entry_id = v.entry_id
            WHERE v.coop_id = \(coop.rawValue) GROUP BY v.month ORDER BY v.month
            """
        ).rows.compactMap { row in
            guard let first = try EntryHead.voucherNumber(row, at: 0), let last = try EntryHead.voucherNumber(row, at: 2) else { return nil }
            return VoucherRange(first: first, last: last)
        }
    }

    /// Entries the checked file would post, and keys it skips as already present.
    public func counts() throws -> (new: Int64, skipped: Int64) {
        let row = try connection.query(
            """
            SELECT (SELECT count(*) FROM import_entries), (SELECT count(*) FROM import_skipped)
            """
        ).singleRow()
        return (try row.decode(Int64.self, at: 0), try row.decode(Int64.self, at: 1))
    }
}
