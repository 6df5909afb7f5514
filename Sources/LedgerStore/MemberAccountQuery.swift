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
        let figures = try connection.query("""
            SELECT
                (-sum(amount) FILTER (WHERE account_code = '301' AND entry_date <= make_date(\(year)::integer, 12, 31)))::bigint,
                (-sum(amount) FILTER (WHERE account_code = '301' AND entry_date <= make_date(\(year)::integer, 12, 31)
                    AND EXISTS (SELECT 1 FROM contributions c JOIN journal_entries e ON e.coop_id = c.coop_id
                                WHERE c.coop_id = p.coop_id AND c.source = 'poverty_alleviation_assets'
                                  AND e.entry_id = p.entry_id
                                  AND (e.entry_id = c.entry_id OR e.reverses_entry_id = c.entry_id))))::bigint,
                (-sum(amount) FILTER (WHERE account_code = '114' AND kind = 'land_fee_accrual' AND extract(year FROM entry_date) = \(year)))::bigint,
                (sum(amount) FILTER (WHERE account_code = '114' AND kind = 'land_fee_payment' AND extract(year FROM entry_date) = \(year)))::bigint,
                (-sum(amount) FILTER (WHERE account_code = '221' AND amount < 0 AND extract(year FROM entry_date) = \(year)))::bigint,
                (-sum(amount) FILTER (WHERE account_code = '222' AND amount < 0 AND extract(year FROM entry_date) = \(year)))::bigint,
                (sum(amount) FILTER (WHERE account_code = '114' AND entry_date <= make_date(\(year)::integer, 12, 31)))::bigint
            FROM postings p
            WHERE coop_id = \(coop.rawValue) AND member_no = \(number)
            """).singleRow()
        func money(_ index: Int) throws -> Money {
            Money(fen: try figures.decode(Int64?.self, at: index) ?? 0)
        }
        let capital = try money(0)
        let fromPovertyAssets = try money(1)

        let products = try connection.query("""
            SELECT product, sum(quantity_g)::bigint, sum(market_value_fen)::bigint, sum(amount_fen)::bigint
            FROM purchases p JOIN journal_entries e ON e.coop_id = p.coop_id AND e.entry_id = p.entry_id
            WHERE p.coop_id = \(coop.rawValue) AND p.member_no = \(number) AND extract(year FROM e.entry_date) = \(year)
              AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
            GROUP BY product ORDER BY product
            """).rows.map { row in
            MemberAccount.ProductDealings(
                product: try row.decode(String.self, at: 0), quantity: Weight(grams: try row.decode(Int64.self, at: 1)),
                marketValue: Money(fen: try row.decode(Int64.self, at: 2)), amount: Money(fen: try row.decode(Int64.self, at: 3))
            )
        }

        let payouts = try connection.query("""
            SELECT -coalesce(sum(amount), 0)::bigint FROM postings
            WHERE coop_id = \(coop.rawValue) AND member_no = \(number) AND account_code = '215'
              AND kind = 'loan_equity_payout' AND extract(year FROM entry_date) = \(year)
            """).singleRow().decode(Int64.self, at: 0)
        let contracts = try LoanEquityRepository(connection, coop: coop).all(member: member.number)
        // Payouts are booked per household, not per contract: they go with the contracts
        // in force that year, in proportion to what each contract owes for it.
        var loanLines: [MemberAccount.LoanEquityLine] = []
        var remaining = payouts
        for (index, stored) in contracts.enumerated() {
            let owed = try stored.contract.payout(forYear: year, repaidOn: stored.repaidOn).fen
            let share = index == contracts.count - 1 ? remaining : min(owed, remaining)
            remaining -= share
            loanLines.append(MemberAccount.LoanEquityLine(contractID: stored.id, contract: stored.contract, repaidOn: stored.repaidOn, payoutsAccrued: Money(fen: share)))
        }

        return MemberAccount(
            member: member, year: year,
            capitalFromPovertyAlleviationAssets: fromPovertyAssets,
            capitalOther: Money(fen: capital.fen - fromPovertyAssets.fen),
            reserveShare: .zero, subsidyAndDonationShare: .zero,
            products: products,
            landFeesAccrued: try money(2), landFeesPaid: try money(3),
            loanEquity: loanLines,
            patronageRefund: try money(4), residualDistribution: try money(5),
            currentAccountBalance: try money(6)
        )
    }
}
