import LedgerCore
import Postgres

public struct AccountRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// The cooperative's chart, in code order.
    public func all() throws -> [Account] {
        let rows = try connection.query("""
            SELECT code, name, kind, member_rule, is_postable FROM accounts
            WHERE coop_id = \(coop.rawValue) ORDER BY code
            """).rows
        return try rows.map { row in
            let kindText = try row.decode(String.self, at: 2)
            let ruleText = try row.decode(String.self, at: 3)
            guard let kind = AccountKind(rawValue: kindText), let rule = MemberRule(rawValue: ruleText) else {
                throw PostgresError(kind: .decoding, message: "account has unknown kind \(kindText) or member rule \(ruleText)")
            }
            return Account(
                code: try AccountCode(parsing: row.decode(String.self, at: 0), field: "code"),
                name: try row.decode(String.self, at: 1),
                kind: kind, memberRule: rule, isPostable: try row.decode(Bool.self, at: 4)
            )
        }
    }

    public func chart() throws -> Chart {
        Chart(try all())
    }

    /// The account's net (debit positive) at the end of `day`.
    public func balance(of account: AccountCode, through day: Day) throws -> Money {
        Money(fen: try connection.query("""
            SELECT coalesce(sum(amount), 0)::bigint FROM postings
            WHERE coop_id = \(coop.rawValue) AND account_code = \(account.rawValue) AND entry_date <= \(day)
            """).singleRow().decode(Int64.self, at: 0))
    }
}
