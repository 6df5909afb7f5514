import LedgerCore
import Postgres

public struct TrialBalanceQuery {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Net balance per account and member detail account of the entries dated up to
    /// `asOf` (all entries when nil). Accounts whose postings net to zero are left out.
    public func run(asOf: Day?) throws -> TrialBalance {
        let rows = try connection.query(
            """
            SELECT t.account_code, a.name, t.member_no, t.balance
            FROM (
                -- Grouped by account and member alone (names joined after): a hash aggregate.
                SELECT account_code, member_no, sum(amount)::bigint AS balance
                FROM postings
                WHERE coop_id = \(coop.rawValue) AND (\(asOf)::date IS NULL OR entry_date <= \(asOf))
                GROUP BY account_code, member_no
                HAVING sum(amount) <> 0
            ) AS t
            JOIN accounts a ON a.coop_id = \(coop.rawValue) AND a.code = t.account_code
            ORDER BY t.account_code, t.member_no NULLS FIRST
            """
        ).rows
        let lines = try rows.map { row in
            TrialBalance.Line(
                account: try AccountCode(parsing: row.decode(String.self, at: 0), field: "account"),
                accountName: try row.decode(String.self, at: 1),
                member: try row.decode(Int32?.self, at: 2).map(MemberNumber.init),
                balance: Money(fen: try row.decode(Int64.self, at: 3))
            )
        }
        return try TrialBalance(coop: coop, asOf: asOf, lines: lines)
    }
}
