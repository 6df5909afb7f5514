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
        let rows = try connection.query("""
            SELECT p.account_code, a.name, p.member_no, sum(p.amount)::bigint AS balance
            FROM postings p
            JOIN accounts a ON a.coop_id = p.coop_id AND a.code = p.account_code
            WHERE p.coop_id = \(coop.rawValue) AND (\(asOf)::date IS NULL OR p.entry_date <= \(asOf))
            GROUP BY p.account_code, a.name, p.member_no
            HAVING sum(p.amount) <> 0
            ORDER BY p.account_code, p.member_no NULLS FIRST
            """).rows
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
