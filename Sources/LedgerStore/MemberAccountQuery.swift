import LedgerCore
import Postgres

/// Reads a member's account for a year from the journal. Postings carry their entry's
/// date and kind (a reversal's, the reversed entry's), so each figure is one scan.
public struct MemberAccountQuery {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func run(member: Member, year: Int) throws -> MemberAccount {
        let number = member.number.value
        let first = try Day.firstDay(ofYear: year)
        let last = try Day.lastDay(ofYear: year)
        let figures = try connection.query(
            """
            SELECT
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.memberCurrentAccounts) AND kind = 'land_fee_accrual' AND entry_date >= \(first)))::bigint,
                (sum(amount) FILTER (WHERE account_code = \(AccountCode.memberCurrentAccounts) AND kind = 'land_fee_payment' AND entry_date >= \(first)))::bigint,
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.patronageRefundsPayable) AND kind = 'surplus_distribution' AND entry_date >= \(first)))::bigint,
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.residualSurplusPayable) AND kind = 'surplus_distribution' AND entry_date >= \(first)))::bigint,
                (sum(amount) FILTER (WHERE account_code = \(AccountCode.memberCurrentAccounts)))::bigint
            FROM postings p
            WHERE coop_id = \(coop.rawValue) AND member_no = \(number) AND entry_date <= \(last)
            """
        ).singleRow()
        func money(_ index: Int) throws -> Money {
            Money(fen: try figures.decode(Int64?.self, at: index) ?? 0)
        }

        return MemberAccount(
            member: member, year: year,
            opening: try balances(member: member.number, through: first, inclusive: false),
            closing: try balances(member: member.number, through: last, inclusive: true),
            products: try products(member: member.number, from: first, through: last),
            landFeesAccrued: try money(0), landFeesPaid: try money(1),
            loanEquity: try loanEquity(member: member.number, year: year),
            patronageRefund: try money(2), residualDistribution: try money(3),
            currentAccountBalance: try money(4),
            lines: try lines(member: member.number, from: first, through: last)
        )
    }

    /// Capital by source and the quantified shares, from the member's detail accounts,
    /// up to `day` (with or without it).
    public func balances(member: MemberNumber, through day: Day, inclusive: Bool) throws -> MemberAccount.Balances {
        let row = try connection.query(
            """
            SELECT
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.shareCapital)))::bigint,
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.shareCapital) AND EXISTS (
                    SELECT 1 FROM contributions c JOIN journal_entries e ON e.coop_id = c.coop_id
                    WHERE c.coop_id = p.coop_id AND c.source = 'poverty_alleviation_assets' AND e.entry_id = p.entry_id
                      AND (e.entry_id = c.entry_id OR e.reverses_entry_id = c.entry_id))
                    OR EXISTS (SELECT 1 FROM opening_capital_sources o
                               WHERE o.coop_id = p.coop_id AND o.entry_id = p.entry_id AND o.line_no = p.line_no
                                 AND o.source = 'poverty_alleviation_assets')))::bigint,
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.surplusReserve)))::bigint,
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.specialFunds) AND kind = 'subsidy'))::bigint,
                (-sum(amount) FILTER (WHERE account_code = \(AccountCode.specialFunds) AND kind = 'donation'))::bigint
            FROM postings p
            WHERE coop_id = \(coop.rawValue) AND member_no = \(member.value) AND account_code = ANY(\([.shareCapital, .specialFunds, .surplusReserve] as [AccountCode]))
              AND (entry_date < \(day) OR (\(inclusive) AND entry_date = \(day)))
            """
        ).singleRow()
        func money(_ index: Int) throws -> Money { Money(fen: try row.decode(Int64?.self, at: index) ?? 0) }
        let capital = try money(0)
        let fromPovertyAssets = try money(1)
        return MemberAccount.Balances(
            capitalFromPovertyAlleviationAssets: fromPovertyAssets, capitalOther: try capital.adding(try fromPovertyAssets.negated(), field: "capital"),
            reserveShare: try money(2), subsidyShare: try money(3), donationShare: try money(4)
        )
    }

    /// Purchases from and sales to the member by product, reversed ones left out.
    func products(member: MemberNumber, from first: Day, through last: Day) throws -> [MemberAccount.ProductDealings] {
        try connection.query(
            """
            SELECT product, 'purchase', sum(quantity_g)::bigint, sum(market_value_fen)::bigint, sum(amount_fen)::bigint
            FROM purchases d JOIN journal_entries e ON e.coop_id = d.coop_id AND e.entry_id = d.entry_id
            WHERE d.coop_id = \(coop.rawValue) AND d.member_no = \(member.value) AND e.entry_date BETWEEN \(first) AND \(last)
              AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
            GROUP BY product
            UNION ALL
            SELECT product, 'sale', sum(quantity_g)::bigint, sum(amount_fen)::bigint, sum(amount_fen)::bigint
            FROM sales d JOIN journal_entries e ON e.coop_id = d.coop_id AND e.entry_id = d.entry_id
            WHERE d.coop_id = \(coop.rawValue) AND d.member_no = \(member.value) AND e.entry_date BETWEEN \(first) AND \(last)
              AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
            GROUP BY product
            ORDER BY 2, 1
            """
        ).rows.map { row in
            MemberAccount.ProductDealings(
                product: try row.decode(String.self, at: 0), direction: MemberAccount.Direction(rawValue: try row.decode(String.self, at: 1)) ?? .purchase,
                quantity: Weight(grams: try row.decode(Int64.self, at: 2)),
                marketValue: Money(fen: try row.decode(Int64.self, at: 3)), amount: Money(fen: try row.decode(Int64.self, at: 4))
            )
        }
    }

    /// The year's entries that moved the member's capital, shares, dealings or
    /// distribution, one line each in date order (a reversal's dealing counts negative).
    func lines(member: MemberNumber, from first: Day, through last: Day) throws -> [MemberAccount.Line] {
        try connection.query(
            """
            SELECT e.entry_date, e.entry_id, e.memo, m.capital, m.reserve, m.subsidy, m.donation,
                   coalesce(pu.product, sa.product), CASE WHEN pu.product IS NOT NULL THEN 'purchase' WHEN sa.product IS NOT NULL THEN 'sale' END,
                   (coalesce(pu.quantity_g, sa.quantity_g) * CASE WHEN e.reverses_entry_id IS NULL THEN 1 ELSE -1 END)::bigint,
                   m.dealing, m.refund, m.residual
            FROM (
                SELECT entry_id,
                       coalesce(-sum(amount) FILTER (WHERE account_code = \(AccountCode.shareCapital)), 0)::bigint AS capital,
                       coalesce(-sum(amount) FILTER (WHERE account_code = \(AccountCode.surplusReserve)), 0)::bigint AS reserve,
                       coalesce(-sum(amount) FILTER (WHERE account_code = \(AccountCode.specialFunds) AND kind = 'subsidy'), 0)::bigint AS subsidy,
                       coalesce(-sum(amount) FILTER (WHERE account_code = \(AccountCode.specialFunds) AND kind = 'donation'), 0)::bigint AS donation,
                       coalesce(sum(CASE WHEN kind = 'sale' THEN amount ELSE -amount END)
                                FILTER (WHERE account_code = \(AccountCode.memberCurrentAccounts) AND kind IN ('purchase', 'sale')), 0)::bigint AS dealing,
                       coalesce(-sum(amount) FILTER (WHERE account_code = \(AccountCode.patronageRefundsPayable) AND kind = 'surplus_distribution'), 0)::bigint AS refund,
                       coalesce(-sum(amount) FILTER (WHERE account_code = \(AccountCode.residualSurplusPayable) AND kind = 'surplus_distribution'), 0)::bigint AS residual
                FROM postings
                WHERE coop_id = \(coop.rawValue) AND member_no = \(member.value)
                  AND account_code = ANY(\([.memberCurrentAccounts, .patronageRefundsPayable, .residualSurplusPayable, .shareCapital, .specialFunds, .surplusReserve] as [AccountCode])) AND entry_date BETWEEN \(first) AND \(last)
                GROUP BY entry_id
            ) AS m
            JOIN journal_entries e ON e.coop_id = \(coop.rawValue) AND e.entry_id = m.entry_id
            LEFT JOIN purchases pu ON pu.coop_id = e.coop_id AND pu.entry_id = coalesce(e.reverses_entry_id, e.entry_id)
            LEFT JOIN sales sa ON sa.coop_id = e.coop_id AND sa.entry_id = coalesce(e.reverses_entry_id, e.entry_id)
            WHERE (m.capital, m.reserve, m.subsidy, m.donation, m.dealing, m.refund, m.residual) <> (0, 0, 0, 0, 0, 0, 0)
            ORDER BY e.entry_date, e.entry_id
            """
        ).rows.map { row in
            MemberAccount.Line(
                date: try row.decode(Day.self, at: 0), entry: EntryID(try row.decode(Int64.self, at: 1)), memo: try row.decode(String.self, at: 2),
                capital: Money(fen: try row.decode(Int64.self, at: 3)), reserveShare: Money(fen: try row.decode(Int64.self, at: 4)),
                subsidyShare: Money(fen: try row.decode(Int64.self, at: 5)), donationShare: Money(fen: try row.decode(Int64.self, at: 6)),
                product: try row.decode(String?.self, at: 7), direction: try row.decode(String?.self, at: 8).flatMap(MemberAccount.Direction.init(rawValue:)),
                quantity: try row.decode(Int64?.self, at: 9).map { Weight(grams: $0) }, amount: Money(fen: try row.decode(Int64.self, at: 10)),
                patronageRefund: Money(fen: try row.decode(Int64.self, at: 11)), residualDistribution: Money(fen: try row.decode(Int64.self, at: 12))
            )
        }
    }

    /// Each contract, with the payouts booked for the household that year.
    func loanEquity(member: MemberNumber, year: Int) throws -> [MemberAccount.LoanEquityLine] {
        let payouts = try connection.query(
            """
            SELECT -coalesce(sum(amount), 0)::bigint FROM postings
            WHERE coop_id = \(coop.rawValue) AND member_no = \(member.value) AND account_code = \(AccountCode.interestPayable)
              AND kind = 'loan_equity_payout' AND extract(year FROM entry_date) = \(year)
            """
        ).singleRow().decode(Int64.self, at: 0)
        let contracts = try LoanEquityRepository(connection, coop: coop).all(member: member)
        // Payouts are booked per household, not per contract: they go with the contracts
        // in force that year, in proportion to what each contract owes for it.
        var lines: [MemberAccount.LoanEquityLine] = []
        var remaining = payouts
        for (index, stored) in contracts.enumerated() {
            let owed = try stored.contract.payout(forYear: year, repaidOn: stored.repaidOn).fen
            let share = index == contracts.count - 1 ? remaining : min(owed, remaining)
            remaining -= share
            lines.append(
                MemberAccount.LoanEquityLine(contractID: stored.id, contract: stored.contract, repaidOn: stored.repaidOn, payoutsAccrued: Money(fen: share)))
        }
        return lines
    }
}
