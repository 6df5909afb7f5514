import LedgerCore
import Postgres

/// Reads the balances and movements statements are built from; postings alone, by date.
public struct StatementQuery {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Per account and member detail account: opening before `from`, debits and credits
    /// from `from` through `through`. Accounts never posted to are left out.
    public func lines(from: Day, through: Day) throws -> [TrialBalanceStatement.Line] {
        try connection.query("""
            SELECT t.account_code, a.name, t.member_no, t.opening, t.debits, t.credits
            FROM (
                -- Grouped by account and member alone (names joined after), so the planner
                -- sees some thousand groups and aggregates by hash in memory.
                SELECT account_code, member_no,
                       coalesce(sum(amount) FILTER (WHERE entry_date < \(from)), 0)::bigint AS opening,
                       coalesce(sum(amount) FILTER (WHERE entry_date >= \(from) AND amount > 0), 0)::bigint AS debits,
                       coalesce(-sum(amount) FILTER (WHERE entry_date >= \(from) AND amount < 0), 0)::bigint AS credits
                FROM postings WHERE coop_id = \(coop.rawValue) AND entry_date <= \(through)
                GROUP BY account_code, member_no
            ) AS t
            JOIN accounts a ON a.coop_id = \(coop.rawValue) AND a.code = t.account_code
            ORDER BY t.account_code, t.member_no NULLS FIRST
            """).rows.map { row in
            TrialBalanceStatement.Line(
                account: try AccountCode(parsing: row.decode(String.self, at: 0), field: "account"), name: try row.decode(String.self, at: 1),
                member: try row.decode(Int32?.self, at: 2).map(MemberNumber.init),
                figure: AccountFigures.Figure(opening: Money(fen: try row.decode(Int64.self, at: 3)),
                                              debits: Money(fen: try row.decode(Int64.self, at: 4)), credits: Money(fen: try row.decode(Int64.self, at: 5)))
            )
        }
    }

    /// The same, summed per account, with 114 split into what members owe and are owed.
    public func figures(from: Day, through: Day) throws -> AccountFigures {
        let lines = try lines(from: from, through: through)
        var accounts: [AccountCode: AccountFigures.Figure] = [:]
        var receivables: Int64 = 0
        var payables: Int64 = 0
        for line in lines {
            var figure = accounts[line.account] ?? AccountFigures.Figure(opening: .zero, debits: .zero, credits: .zero)
            figure.opening = Money(fen: figure.opening.fen + line.figure.opening.fen)
            figure.debits = Money(fen: figure.debits.fen + line.figure.debits.fen)
            figure.credits = Money(fen: figure.credits.fen + line.figure.credits.fen)
            accounts[line.account] = figure
            if line.account == AccountCode("114") {
                let closing = line.figure.closing.fen
                if closing > 0 { receivables += closing } else { payables -= closing }
            }
        }
        return AccountFigures(accounts: accounts, memberReceivables: Money(fen: receivables), memberPayables: Money(fen: payables))
    }

    /// Per equity column of 03表: opening at the start of the year, and increases and
    /// decreases counted per entry so transfers inside a column cancel out.
    public func equityMovements(year: Int) throws -> [String: EquityChanges.Movement] {
        let first = try Day.firstDay(ofYear: year)
        let last = try Day.lastDay(ofYear: year)
        var movements: [String: EquityChanges.Movement] = [:]
        let rows = try connection.query("""
            SELECT p.entry_id, p.account_code, p.entry_date < \(first) AS is_opening, sum(p.amount)::bigint
            FROM postings p
            WHERE p.coop_id = \(coop.rawValue) AND p.entry_date <= \(last)
              AND (p.account_code IN ('301', '311', '321', '322', '331', '33201', '33202') OR p.account_code LIKE '5%')
            GROUP BY 1, 2, 3
            """).rows
        var perEntry: [String: [Int64: Int64]] = [:]
        for row in rows {
            let account = try AccountCode(parsing: row.decode(String.self, at: 1), field: "account")
            guard let column = EquityChanges.column(of: account) else { continue }
            let credit = -(try row.decode(Int64.self, at: 3))
            var movement = movements[column] ?? EquityChanges.Movement(opening: .zero, increases: .zero, decreases: .zero)
            if try row.decode(Bool.self, at: 2) {
                movement.opening = Money(fen: movement.opening.fen + credit)
            } else {
                perEntry[column, default: [:]][try row.decode(Int64.self, at: 0), default: 0] += credit
            }
            movements[column] = movement
        }
        for (column, entries) in perEntry {
            var movement = movements[column] ?? EquityChanges.Movement(opening: .zero, increases: .zero, decreases: .zero)
            for net in entries.values {
                if net > 0 { movement.increases = Money(fen: movement.increases.fen + net) } else { movement.decreases = Money(fen: movement.decreases.fen - net) }
            }
            movements[column] = movement
        }
        return movements
    }

    /// Postings from `from` through `through`, in entry order; of one account if given.
    public func postings(from: Day, through: Day, account: AccountCode? = nil) throws -> [JournalPosting] {
        try connection.query("""
            SELECT e.entry_id, e.entry_date, e.memo, e.idempotency_key, p.account_code, a.name, p.member_no, p.amount
            FROM postings p
            JOIN journal_entries e ON e.coop_id = p.coop_id AND e.entry_id = p.entry_id
            JOIN accounts a ON a.coop_id = p.coop_id AND a.code = p.account_code
            WHERE p.coop_id = \(coop.rawValue) AND p.entry_date BETWEEN \(from) AND \(through)
              AND (\(account?.rawValue)::text IS NULL OR p.account_code = \(account?.rawValue))
            ORDER BY p.entry_date, e.entry_id, p.line_no
            """).rows.map { row in
            JournalPosting(
                entry: EntryID(try row.decode(Int64.self, at: 0)), date: try row.decode(Day.self, at: 1), memo: try row.decode(String.self, at: 2),
                key: try row.decode(String.self, at: 3), account: try AccountCode(parsing: row.decode(String.self, at: 4), field: "account"),
                accountName: try row.decode(String.self, at: 5), member: try row.decode(Int32?.self, at: 6).map(MemberNumber.init),
                amount: Money(fen: try row.decode(Int64.self, at: 7))
            )
        }
    }

    /// An account's net (debit positive) before a day.
    public func balance(of account: AccountCode, before day: Day) throws -> Money {
        Money(fen: try connection.query("""
            SELECT coalesce(sum(amount), 0)::bigint FROM postings
            WHERE coop_id = \(coop.rawValue) AND account_code = \(account.rawValue) AND entry_date < \(day)
            """).singleRow().decode(Int64.self, at: 0))
    }
}
