import LedgerCore
import Postgres

/// API tokens: made here (the secret returned once), found by hash, revoked. Tokens are
/// hashed here, in the process: only the hash is ever sent to the server, so no statement
/// log can hold a token. Whoever does not own the books finds, proves and revokes a token
/// only through the database's functions (sql/032): it cannot read a token's hash.
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
        let token = Self.newToken(for: coop)
        try connection.query(
            """
            INSERT INTO api_tokens (coop_id, token_id, token_hash, role, login, expires_at) OVERRIDING SYSTEM VALUE
            VALUES (\(coop?.rawValue ?? "*"), \(id), decode(\(Self.hash(token)), 'hex'), \(role?.rawValue), \(login.rawValue),
                    now() + make_interval(secs => \(lifetimeSeconds.map(Int64.init))))
            """)
        return token
    }

    /// A new token's text: its scope, then 256 random bits (getrandom(2) on Linux).
    static func newToken(for coop: CoopCode?) -> String {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<4).map { _ in
            let hex = String(generator.next(), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        return "cl_\(coop?.rawValue ?? Self.allScope)_\(secret)"
    }

    /// A sign-in's token for `login` in `coop` (nil: every cooperative they work in, the
    /// workbench's), made by the database once it has checked `password` itself (sql/032):
    /// no client makes one for a person whose password it was not given. A password that is
    /// not theirs is refused there (CL010).
    public func signIn(_ login: Login, password: String, coop: CoopCode?, lifetimeSeconds: Int) throws -> String {
        let token = Self.newToken(for: coop)
        try connection.query(
            """
            SELECT sign_in(\(coop?.rawValue ?? "*"), \(login.rawValue), \(password), decode(\(Self.hash(token)), 'hex'), \(Int64(lifetimeSeconds))::integer)
            """)
        return token
    }

    /// Proves the token's person to the database for the rest of the transaction (sql/032);
    /// the database refuses a token that is not live.
    public func bind(_ token: String) throws {
        guard let proof = Proof(token) else {
            throw LedgerError(.forbidden, field: "token", rule: "not a coopledger token, so it proves nobody")
        }
        try connection.query("SELECT bind_actor(\(proof.scope), decode(\(proof.hash), 'hex'))")
    }

    /// What the database is shown of a token: its scope (a cooperative, or `*`) and its hash.
    /// Tokens are hashed here, in the process, so no statement log can hold one.
    struct Proof {
        let scope: String
        let coop: CoopCode?
        let hash: String

        init?(_ token: String) {
            let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "cl", parts[2].utf8.count == 64 else { return nil }
            if parts[1] == Substring(TokenRepository.allScope) {
                (scope, coop) = ("*", nil)
            } else {
                guard let coop = try? CoopCode(parsing: String(parts[1])) else { return nil }
                (scope, self.coop) = (coop.rawValue, coop)
            }
            hash = TokenRepository.hash(token)
        }
    }

    /// The identity of a token that exists and is not revoked, acting as its person with
    /// the roles that person holds now in the token's cooperative.
    public func identity(of token: String) throws -> Identity? {
        guard let proof = Proof(token) else { return nil }
        // One statement (its own snapshot): the token's person, if it is live (sql/032), and
        // their roles now. OFFSET 0 asks for the person once, not once per use of `t.login`.
        guard
            let row = try connection.query(
                """
                SELECT t.login, array_to_string(CASE WHEN \(proof.scope) = '*'
                                                     THEN ARRAY(SELECT r.role FROM person_roles r WHERE r.login = t.login AND r.coop_id = '*')
                                                     ELSE roles_held(t.login, \(proof.scope)) END, ',')
                FROM (SELECT live_token_login(\(proof.scope), decode(\(proof.hash), 'hex')) AS login OFFSET 0) t
                WHERE t.login IS NOT NULL
                """
            ).rows.first
        else { return nil }
        let login = try Login(parsing: try row.decode(String.self, at: 0))
        let roles = Set(try row.decode(String.self, at: 1).split(separator: ",").compactMap { PersonRole(rawValue: String($0)) })
        return Identity(login: login, roles: roles, coop: proof.coop)
    }

    /// SHA-256 of the token, in hex.
    static func hash(_ token: String) -> String { SHA256.hex(ofUTF8: token) }

    /// Revokes the token itself (signing out); false if it was not live.
    public func revoke(token: String) throws -> Bool {
        guard let proof = Proof(token) else { return false }
        return try connection.query("SELECT revoke_token(\(proof.scope), decode(\(proof.hash), 'hex'))").singleRow().decode(Bool.self, at: 0)
    }

    /// Revokes a token by id; false if there is no such live token.
    public func revoke(id: Int64) throws -> Bool {
        try connection.query("UPDATE api_tokens SET revoked_at = now() WHERE token_id = \(id) AND revoked_at IS NULL").affectedRows == 1
    }
}
