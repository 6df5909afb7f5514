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
    /// from `from` through `through`, and with `yearToDateFrom` those from that day (the
    /// year's first) through `through`. Accounts never posted to are left out.
    public func lines(from: Day, through: Day, yearToDateFrom: Day? = nil) throws -> [TrialBalanceStatement.Line] {
        let yearStart = yearToDateFrom ?? from
        return try connection.query(
            """
            SELECT t.account_code, a.name, t.member_no, t.opening, t.debits, t.credits, t.year_debits, t.year_credits
            FROM (
                -- Grouped by account and member alone (names joined after), so the planner
                -- sees some thousand groups and aggregates by hash in memory.
                SELECT account_code, member_no,
                       coalesce(sum(amount) FILTER (WHERE entry_date < \(from)), 0)::bigint AS opening,
                       coalesce(sum(amount) FILTER (WHERE entry_date >= \(from) AND amount > 0), 0)::bigint AS debits,
                       coalesce(-sum(amount) FILTER (WHERE entry_date >= \(from) AND amount < 0), 0)::bigint AS credits,
                       coalesce(sum(amount) FILTER (WHERE entry_date >= \(yearStart) AND amount > 0), 0)::bigint AS year_debits,
                       coalesce(-sum(amount) FILTER (WHERE entry_date >= \(yearStart) AND amount < 0), 0)::bigint AS year_credits
                FROM postings WHERE coop_id = \(coop.rawValue) AND entry_date <= \(through)
                GROUP BY account_code, member_no
            ) AS t
            JOIN accounts a ON a.coop_id = \(coop.rawValue) AND a.code = t.account_code
            ORDER BY t.account_code, t.member_no NULLS FIRST
            """
        ).rows.map { row in
            TrialBalanceStatement.Line(
                account: try AccountCode(parsing: row.decode(String.self, at: 0), field: "account"), name: try row.decode(String.self, at: 1),
                member: try row.decode(Int32?.self, at: 2).map(MemberNumber.init),
                figure: AccountFigures.Figure(
                    opening: Money(fen: try row.decode(Int64.self, at: 3)),
                    debits: Money(fen: try row.decode(Int64.self, at: 4)), credits: Money(fen: try row.decode(Int64.self, at: 5))),
                yearToDate: yearToDateFrom == nil
                    ? nil
                    : Movements(debits: Money(fen: try row.decode(Int64.self, at: 6)), credits: Money(fen: try row.decode(Int64.self, at: 7)))
            )
        }
    }

    /// Debits and credits of an account (or one member's detail account) from `from` up to
    /// `before`: the year's movements before a month, for its 本年累计.
    public func movements(of account: AccountCode, member: MemberNumber? = nil, from: Day, before: Day) throws -> Movements {
        let row = try connection.query(
            """
            SELECT coalesce(sum(amount) FILTER (WHERE amount > 0), 0)::bigint, coalesce(-sum(amount) FILTER (WHERE amount < 0), 0)::bigint
            FROM postings
            WHERE coop_id = \(coop.rawValue) AND account_code = ANY(\(try codes(under: account))) AND entry_date >= \(from) AND entry_date < \(before)
              AND (\(member?.value)::integer IS NULL OR member_no = \(member?.value))
            """
        ).singleRow()
        return Movements(debits: Money(fen: try row.decode(Int64.self, at: 0)), credits: Money(fen: try row.decode(Int64.self, at: 1)))
    }

    /// The same, summed per account, with 114 split into what members owe and are owed,
    /// at the start of the period and at its end (01表's figures).
    public func figures(from: Day, through: Day) throws -> AccountFigures {
        let charts = [coop: try AccountRepository(connection, coop: coop).chart()]
        return try Self.figures(of: [coop], charts: charts, from: from, through: through, on: connection)[coop] ?? .empty
    }

    /// The same for each of `coops` (a district's), in one statement that adds the members'
    /// detail accounts up in the database: their lines never reach the client, only each
    /// account's sums and 114's split. `charts` name each cooperative's sub-accounts, which
    /// count in their standard account.
    public static func figures(of coops: [CoopCode], charts: [CoopCode: Chart], from: Day, through: Day, on connection: Connection) throws
        -> [CoopCode: AccountFigures]
    {
        var accounts: [CoopCode: [AccountCode: AccountFigures.Figure]] = [:]
        var splits: [CoopCode: (opening: AccountFigures.MemberSplit, closing: AccountFigures.MemberSplit)] = [:]
        for row in try connection.query(
            """
            SELECT coop_id, account_code, sum(opening)::bigint, sum(debits)::bigint, sum(credits)::bigint,
                   coalesce(sum(opening) FILTER (WHERE opening > 0), 0)::bigint, coalesce(-sum(opening) FILTER (WHERE opening < 0), 0)::bigint,
                   coalesce(sum(closing) FILTER (WHERE closing > 0), 0)::bigint, coalesce(-sum(closing) FILTER (WHERE closing < 0), 0)::bigint
            FROM (
                SELECT coop_id, account_code, member_no,
                       coalesce(sum(amount) FILTER (WHERE entry_date < \(from)), 0) AS opening,
                       coalesce(sum(amount) FILTER (WHERE entry_date >= \(from) AND amount > 0), 0) AS debits,
                       coalesce(-sum(amount) FILTER (WHERE entry_date >= \(from) AND amount < 0), 0) AS credits,
                       sum(amount) AS closing
                FROM postings WHERE coop_id = ANY(\(coops.map(\.rawValue))) AND entry_date <= \(through)
                GROUP BY coop_id, account_code, member_no
            ) AS by_member
            GROUP BY coop_id, account_code
            """
        ).rows {
            let coop = try CoopCode(parsing: row.decode(String.self, at: 0))
            let account = try AccountCode(parsing: row.decode(String.self, at: 1), field: "account")
            func money(_ index: Int) throws -> Money { Money(fen: try row.decode(Int64.self, at: index)) }
            let code = charts[coop]?[account]?.standardCode ?? account
            var figure = accounts[coop]?[code] ?? AccountFigures.Figure(opening: .zero, debits: .zero, credits: .zero)
            figure.opening = try figure.opening.adding(try money(2), field: code.rawValue)
            figure.debits = try figure.debits.adding(try money(3), field: code.rawValue)
            figure.credits = try figure.credits.adding(try money(4), field: code.rawValue)
            accounts[coop, default: [:]][code] = figure
            if account == AccountCode.memberCurrentAccounts {
                splits[coop] = (
                    AccountFigures.MemberSplit(receivables: try money(5), payables: try money(6)),
                    AccountFigures.MemberSplit(receivables: try money(7), payables: try money(8))
                )
            }
        }
        return Dictionary(
            uniqueKeysWithValues: accounts.map { coop, figures in
                let split = splits[coop]
                return (
                    coop,
                    AccountFigures(accounts: figures, openingMemberSplit: split?.opening ?? .init(), closingMemberSplit: split?.closing ?? .init())
                )
            })
    }

    /// 03表's movements of year `year`: the equity columns' opening balances, the year's
    /// surplus S (P&L postings other than the year-end close), and every other posting of
    /// an entry that touches an equity account (or closes the year), per entry and account,
    /// with the entry's kind, for `EquityChanges.Movements` to classify.
    public func equityMovements(year: Int) throws -> EquityChanges.Movements {
        let first = try Day.firstDay(ofYear: year)
        let last = try Day.lastDay(ofYear: year)
        var movements = EquityChanges.Movements()
        for row in try connection.query(
            """
            SELECT account_code, sum(amount)::bigint FROM postings
            WHERE coop_id = \(coop.rawValue) AND entry_date < \(first)
              AND (account_code = ANY(\([.shareCapital, .specialFunds, .capitalReserve, .surplusReserve, .currentYearSurplus, .distributions, .undistributedSurplus] as [AccountCode])) OR account_code LIKE '5%')
            GROUP BY account_code
            """
        ).rows {
            try movements.addOpening(
                account: AccountCode(parsing: row.decode(String.self, at: 0), field: "account"), net: Money(fen: row.decode(Int64.self, at: 1)))
        }
        movements.surplus = Money(
            fen: try connection.query(
                """
                SELECT (-coalesce(sum(amount), 0))::bigint FROM postings
                WHERE coop_id = \(coop.rawValue) AND entry_date BETWEEN \(first) AND \(last)
                  AND account_code LIKE '5%' AND kind <> 'year_end_close'
                """
            ).singleRow().decode(Int64.self, at: 0))
        // P&L postings are left out unless they close the year: S above holds them. A
        // mid-year opening's cumulative amounts are one entry; its debits and its credits go
        // to the lines they would have as entries of their own (a credit to 301 is members'
        // contributions, a debit their withdrawals), so they are read per side.
        let rows = try connection.query(
            """
            SELECT p.entry_id, p.kind, p.account_code, sum(p.amount)::bigint,
                   CASE WHEN p.kind = \(EntryKind.openingYearToDate.rawValue) THEN sign(p.amount)::integer ELSE 0 END AS side
            FROM postings p
            WHERE p.coop_id = \(coop.rawValue) AND p.entry_date BETWEEN \(first) AND \(last)
              AND (p.account_code NOT LIKE '5%' OR p.kind = 'year_end_close')
              AND p.entry_id IN (
                  SELECT entry_id FROM postings
                  WHERE coop_id = \(coop.rawValue) AND entry_date BETWEEN \(first) AND \(last)
                    AND account_code = ANY(\([.shareCapital, .specialFunds, .capitalReserve, .surplusReserve, .currentYearSurplus, .distributions, .undistributedSurplus] as [AccountCode])))
            GROUP BY p.entry_id, p.kind, p.account_code, side
            ORDER BY p.entry_id, side
            """
        ).rows
        var entry: (id: Int64, side: Int32, kind: String, accounts: [AccountCode: Money])?
        for row in rows {
            let id = try row.decode(Int64.self, at: 0)
            let side = try row.decode(Int32.self, at: 4)
            if let current = entry, current.id != id || current.side != side {
                try movements.add(entryKind: EntryKind(rawValue: current.kind), accounts: current.accounts)
                entry = nil
            }
            if entry == nil { entry = (id, side, try row.decode(String.self, at: 1), [:]) }
            entry?.accounts[try AccountCode(parsing: row.decode(String.self, at: 2), field: "account")] = Money(fen: try row.decode(Int64.self, at: 3))
        }
        if let current = entry { try movements.add(entryKind: EntryKind(rawValue: current.kind), accounts: current.accounts) }
        return movements
    }

    /// Entries dated in the period.
    public func entryCount(from: Day, through: Day) throws -> Int {
        Int(
            try connection.query(
                """
                SELECT count(*) FROM journal_entries WHERE coop_id = \(coop.rawValue) AND entry_date BETWEEN \(from) AND \(through)
                """
            ).singleRow().decode(Int64.self, at: 0))
    }

    /// The postings of the period (or of `entries`: that window of its entries, in date and
    /// entry order, found by the entries' index before any posting is read).
    public func postings(
        from: Day, through: Day, account: AccountCode? = nil, member: MemberNumber? = nil,
        entries: (offset: Int, count: Int)? = nil
    ) throws -> [JournalPosting] {
        try connection.query(
            """
            SELECT e.entry_id, e.entry_date, e.memo, e.idempotency_key, p.account_code, a.name, p.member_no, p.amount, v.month, v.number
            FROM postings p
            JOIN journal_entries e ON e.coop_id = p.coop_id AND e.entry_id = p.entry_id
            LEFT JOIN voucher_numbers v ON v.coop_id = e.coop_id AND v.entry_id = e.entry_id
            JOIN accounts a ON a.coop_id = p.coop_id AND a.code = p.account_code
            WHERE p.coop_id = \(coop.rawValue) AND p.entry_date BETWEEN \(from) AND \(through)
              AND (\(account?.rawValue)::text IS NULL OR p.account_code = ANY(\(try account.map(codes(under:)) ?? [])))
              AND (\(member?.value)::integer IS NULL OR p.member_no = \(member?.value))
              AND (\(entries?.count)::integer IS NULL OR p.entry_id = ANY(ARRAY(
                  SELECT entry_id FROM journal_entries
                  WHERE coop_id = \(coop.rawValue) AND entry_date BETWEEN \(from) AND \(through)
                  ORDER BY entry_date, entry_id OFFSET \(entries?.offset ?? 0) LIMIT \(entries?.count))))
            ORDER BY p.entry_date, e.entry_id, p.line_no
            """
        ).rows.map { row in
            JournalPosting(
                entry: EntryID(try row.decode(Int64.self, at: 0)), voucher: try EntryHead.voucherNumber(row, at: 8), date: try row.decode(Day.self, at: 1),
                memo: try row.decode(String.self, at: 2),
                key: try row.decode(String.self, at: 3), account: try AccountCode(parsing: row.decode(String.self, at: 4), field: "account"),
                accountName: try row.decode(String.self, at: 5), member: try row.decode(Int32?.self, at: 6).map(MemberNumber.init),
                amount: Money(fen: try row.decode(Int64.self, at: 7))
            )
        }
    }

    /// An account's own postings (not its sub-accounts'): their net (debit positive), and
    /// the day of the last one.
    public func ownTotal(of account: AccountCode) throws -> (balance: Money, lastDay: Day?) {
        let row = try connection.query(
            """
            SELECT coalesce(sum(amount), 0)::bigint, max(entry_date) FROM postings
            WHERE coop_id = \(coop.rawValue) AND account_code = \(account.rawValue)
            """
        ).singleRow()
        return (Money(fen: try row.decode(Int64.self, at: 0)), try row.decode(Day?.self, at: 1))
    }

    /// An account's (or one member's detail account's) net (debit positive) before a day.
    /// The account's postings in the period (counted by index, nothing read).
    public func postingCount(of account: AccountCode, member: MemberNumber? = nil, from: Day, through: Day) throws -> Int {
        Int(
            try connection.query(
                """
                SELECT count(*) FROM postings
                WHERE coop_id = \(coop.rawValue) AND account_code = ANY(\(try codes(under: account))) AND entry_date BETWEEN \(from) AND \(through)
                  AND (\(member?.value)::integer IS NULL OR member_no = \(member?.value))
                """
            ).singleRow().decode(Int64.self, at: 0))
    }

    public func balance(of account: AccountCode, member: MemberNumber? = nil, before day: Day) throws -> Money {
        Money(
            fen: try connection.query(
                """
                SELECT coalesce(sum(amount), 0)::bigint FROM postings
                WHERE coop_id = \(coop.rawValue) AND account_code = ANY(\(try codes(under: account))) AND entry_date < \(day)
                  AND (\(member?.value)::integer IS NULL OR member_no = \(member?.value))
                """
            ).singleRow().decode(Int64.self, at: 0))
    }

    /// The account and its sub-accounts (at any depth): a heading's ledger shows them all.
    func codes(under account: AccountCode) throws -> [String] {
        let chart = try AccountRepository(connection, coop: coop).chart()
        var codes = [account.rawValue]
        var frontier = [account]
        while let parent = frontier.popLast() {
            let children = chart.accounts.values.filter { $0.parent == parent }.map(\.code)
            codes += children.map(\.rawValue)
            frontier += children
        }
        return codes
    }
}
