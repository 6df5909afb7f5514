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
        try Self.accounts(of: [coop], on: connection)[coop] ?? []
    }

    /// Each cooperative's chart, in code order: a district's in one statement.
    public static func accounts(of coops: [CoopCode], on connection: Connection) throws -> [CoopCode: [Account]] {
        try accounts(
            in: connection.query(
                """
                SELECT \(columns) FROM accounts a WHERE a.coop_id = ANY(\(coops.map(\.rawValue))) ORDER BY a.coop_id, a.code
                """
            ).rows)
    }

    /// Of each cooperative's chart, what checking lines on the named accounts reads
    /// (`JournalEntry.validate`, `Chart.leaf`): those accounts, the accounts they post to in
    /// turn, and the sub-accounts of any that is a heading (an account named and also a
    /// sub-account comes twice; `Chart` keeps one). A batch's cooperatives in one statement,
    /// without reading their whole charts.
    public static func accounts(named: [CoopCode: Set<AccountCode>], on connection: Connection) throws -> [CoopCode: [Account]] {
        let pairs = named.flatMap { coop, codes in codes.map { (coop: coop.rawValue, code: $0.rawValue) } }
        guard !pairs.isEmpty else { return [:] }
        return try accounts(
            in: connection.query(
                """
                WITH RECURSIVE named (coop_id, code, steps) AS (
                    SELECT coop_id, code, 0 FROM unnest(\(pairs.map(\.coop))::text[], \(pairs.map(\.code))::text[]) AS n(coop_id, code)
                    UNION
                    SELECT n.coop_id, a.posts_to, n.steps + 1 FROM named n
                    CROSS JOIN LATERAL (SELECT posts_to FROM accounts a WHERE a.coop_id = n.coop_id AND a.code = n.code OFFSET 0) AS a
                    WHERE a.posts_to IS NOT NULL AND n.steps < \(Int32(Chart.depthMax))
                ), found AS (
                    SELECT a.* FROM (SELECT DISTINCT coop_id, code FROM named) n
                    CROSS JOIN LATERAL (SELECT * FROM accounts a WHERE a.coop_id = n.coop_id AND a.code = n.code OFFSET 0) AS a
                )
                SELECT \(columns) FROM found a
                UNION ALL
                SELECT \(columns) FROM found h
                CROSS JOIN LATERAL (SELECT * FROM accounts a WHERE a.coop_id = h.coop_id AND a.parent_code = h.code OFFSET 0) AS a
                WHERE NOT h.is_postable
                """
            ).rows)
    }

    /// What a read of accounts selects, through the alias `a`; `accounts(in:)` reads it back.
    private static let columns: Query =
        "a.code, a.name, a.kind, a.member_rule, a.is_postable, a.parent_code, a.standard_code, a.is_active, a.posts_to, a.coop_id"

    private static func accounts(in rows: [Row]) throws -> [CoopCode: [Account]] {
        var charts: [CoopCode: [Account]] = [:]
        for row in rows {
            let kindText = try row.decode(String.self, at: 2)
            let ruleText = try row.decode(String.self, at: 3)
            guard let kind = AccountKind(rawValue: kindText), let rule = MemberRule(rawValue: ruleText) else {
                throw PostgresError(kind: .decoding, message: "account has unknown kind \(kindText) or member rule \(ruleText)")
            }
            let code = { (index: Int) throws -> AccountCode? in try row.decode(String?.self, at: index).map { try AccountCode(parsing: $0, field: "code") } }
            let account = Account(
                code: try AccountCode(parsing: row.decode(String.self, at: 0), field: "code"),
                name: try row.decode(String.self, at: 1),
                kind: kind, memberRule: rule, isPostable: try row.decode(Bool.self, at: 4),
                parent: try code(5), standardCode: try code(6), isActive: try row.decode(Bool.self, at: 7), postsTo: try code(8)
            )
            charts[try CoopCode(parsing: row.decode(String.self, at: 9)), default: []].append(account)
        }
        return charts
    }

    /// A sub-account under `parent`; the database gives it the parent's kind and member
    /// rule and makes the parent a heading.
    public func insertSubAccount(_ code: AccountCode, name: String, under parent: AccountCode) throws {
        try connection.query(
            """
            INSERT INTO accounts (coop_id, code, name, name_en, kind, member_rule, is_postable, parent_code)
            SELECT coop_id, \(code.rawValue), \(name), \(name), kind, member_rule, true, code
            FROM accounts WHERE coop_id = \(coop.rawValue) AND code = \(parent.rawValue)
            """)
    }

    public func rename(_ code: AccountCode, to name: String) throws {
        try connection.query("UPDATE accounts SET name = \(name), name_en = \(name) WHERE coop_id = \(coop.rawValue) AND code = \(code.rawValue)")
    }

    public func setActive(_ isActive: Bool, _ code: AccountCode) throws {
        try connection.query("UPDATE accounts SET is_active = \(isActive) WHERE coop_id = \(coop.rawValue) AND code = \(code.rawValue)")
    }

    /// The sub-account the heading's own entries post to.
    public func setPostsTo(_ child: AccountCode, for heading: AccountCode) throws {
        try connection.query("UPDATE accounts SET posts_to = \(child.rawValue) WHERE coop_id = \(coop.rawValue) AND code = \(heading.rawValue)")
    }

    public func chart() throws -> Chart {
        Chart(try all())
    }

    /// The account's net (debit positive) at the end of `day`.
    public func balance(of account: AccountCode, through day: Day) throws -> Money {
        Money(
            fen: try connection.query(
                """
                SELECT coalesce(sum(amount), 0)::bigint FROM postings
                WHERE coop_id = \(coop.rawValue) AND account_code = \(account.rawValue) AND entry_date <= \(day)
                """
            ).singleRow().decode(Int64.self, at: 0))
    }
}
