import Crypto
import LedgerCore
import Postgres

/// API tokens: made here (the secret returned once), found by hash, revoked. Tokens are
/// hashed here, in the process: only the hash is ever sent to the server, so no statement
/// log can hold a token.
public struct TokenRepository {
    let connection: Connection

    /// The scope written into a token for "every cooperative".
    static let allScope = "all"

    public init(_ connection: Connection) { self.connection = connection }

    /// Makes a token acting as `login` and returns it with its id; only its hash is kept.
    /// `lifetimeSeconds`: a sign-in's token ends by itself; nil, it lasts until revoked.
    public func create(for login: Login, coop: CoopCode?, lifetimeSeconds: Int? = nil) throws -> (id: Int64, token: String) {
        let id = try nextID()
        return (id, try insert(id: id, login: login, coop: coop, role: nil, lifetimeSeconds: lifetimeSeconds))
    }

    /// A token of the kind made before people existed (`--role`): it acts as a person of
    /// its own, `token-N`, who holds only that role (bookkeeper → preparer).
    public func create(role: Role, coop: CoopCode?) throws -> (id: Int64, token: String) {
        let id = try nextID()
        let login = try Login(parsing: "token-\(id)")
        let people = PeopleRepository(connection)
        try people.insert(try Person(login: login, name: "API token \(id)"), passwordHash: nil)
        try people.grant(PersonRole.forTokenRole(role), to: login, in: coop)
        return (id, try insert(id: id, login: login, coop: coop, role: role))
    }

    private func nextID() throws -> Int64 {
        try connection.query("SELECT nextval(pg_get_serial_sequence('api_tokens', 'token_id'))").singleRow().decode(Int64.self, at: 0)
    }

    private func insert(id: Int64, login: Login, coop: CoopCode?, role: Role?, lifetimeSeconds: Int? = nil) throws -> String {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux
        let secret = (0..<4).map { _ in
            let hex = String(generator.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        let token = "cl_\(coop?.rawValue ?? Self.allScope)_\(secret)"
        try connection.query("""
            INSERT INTO api_tokens (coop_id, token_id, token_hash, role, login, expires_at) OVERRIDING SYSTEM VALUE
            VALUES (\(coop?.rawValue ?? "*"), \(id), decode(\(Self.hash(token)), 'hex'), \(role?.rawValue), \(login.rawValue),
                    now() + make_interval(secs => \(lifetimeSeconds.map(Int64.init))))
            """)
        return token
    }

    /// The identity of a token that exists and is not revoked, acting as its person with
    /// the roles that person holds now in the token's cooperative.
    public func identity(of token: String) throws -> Identity? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "cl", parts[2].utf8.count == 64 else { return nil }
        let scope = String(parts[1])
        let coop: CoopCode? = scope == Self.allScope ? nil : try? CoopCode(parsing: scope)
        guard scope == Self.allScope || coop != nil else { return nil }
        // One statement (its own snapshot): the token and its person's roles now.
        guard let row = try connection.query("""
            SELECT t.login, array_to_string(CASE WHEN t.coop_id = '*'
                                                 THEN ARRAY(SELECT r.role FROM person_roles r WHERE r.login = t.login AND r.coop_id = '*')
                                                 ELSE roles_held(t.login, t.coop_id) END, ',')
            FROM api_tokens t
            WHERE t.coop_id = \(coop?.rawValue ?? "*") AND t.token_hash = decode(\(Self.hash(token)), 'hex') AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now())
              -- A password reset or a role change since the token was made ends it (sql/024).
              AND t.created_at >= (SELECT p.credentials_changed_at FROM people p WHERE p.login = t.login)
            """).rows.first else { return nil }
        let login = try Login(parsing: try row.decode(String.self, at: 0))
        let roles = Set(try row.decode(String.self, at: 1).split(separator: ",").compactMap { PersonRole(rawValue: String($0)) })
        return Identity(login: login, roles: roles, coop: coop)
    }

    /// SHA-256 of the token, in hex.
    static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Array(token.utf8)))
    }

    /// Revokes the token itself (signing out); false if it was not live.
    public func revoke(token: String) throws -> Bool {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        let scope = parts[1] == Substring(Self.allScope) ? "*" : String(parts[1])
        return try connection.query("""
            UPDATE api_tokens SET revoked_at = now()
            WHERE coop_id = \(scope) AND token_hash = decode(\(Self.hash(token)), 'hex') AND revoked_at IS NULL
            """).affectedRows == 1
    }

    /// Revokes a token by id; false if there is no such live token.
    public func revoke(id: Int64) throws -> Bool {
        try connection.query("UPDATE api_tokens SET revoked_at = now() WHERE token_id = \(id) AND revoked_at IS NULL").affectedRows == 1
    }
}
