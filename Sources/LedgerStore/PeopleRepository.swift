import LedgerCore
import Postgres

/// People and their roles. The password hash is made by the caller (bcrypt, in the
/// process): no password reaches the server or a statement log.
public struct PeopleRepository {
    let connection: Connection

    /// The scope of a role in every cooperative.
    static let everyCooperative = "*"

    public init(_ connection: Connection) { self.connection = connection }

    public func find(_ login: Login) throws -> Person? {
        try connection.query("SELECT login, name FROM people WHERE login = \(login.rawValue)").rows.first.map { row in
            try Person(login: Login(parsing: row.decode(String.self, at: 0)), name: row.decode(String.self, at: 1))
        }
    }

    public func insert(_ person: Person, passwordHash: String?) throws {
        try connection.query(
            """
            INSERT INTO people (login, name, password_hash) VALUES (\(person.login.rawValue), \(person.name), \(passwordHash))
            """)
    }

    /// When the person's password or roles last changed, as the database writes it: a web
    /// session compares the stamp it began under (sql/024).
    public func credentialsStamp(of login: Login) throws -> String? {
        try connection.query("SELECT credentials_changed_at::text FROM people WHERE login = \(login.rawValue)").rows.first?.decode(String.self, at: 0)
    }

    public func setPasswordHash(_ hash: String, of login: Login) throws {
        try connection.query("UPDATE people SET password_hash = \(hash) WHERE login = \(login.rawValue)")
    }

    public func passwordHash(of login: Login) throws -> String? {
        try connection.query("SELECT password_hash FROM people WHERE login = \(login.rawValue)").rows.first?.decode(String?.self, at: 0)
    }

    /// Grants a role; granting one held already changes nothing.
    public func grant(_ role: PersonRole, to login: Login, in coop: CoopCode?) throws {
        try connection.query(
            """
            INSERT INTO person_roles (coop_id, login, role) VALUES (\(coop?.rawValue ?? Self.everyCooperative), \(login.rawValue), \(role.rawValue))
            ON CONFLICT DO NOTHING
            """)
    }

    public func revoke(_ role: PersonRole, from login: Login, in coop: CoopCode?) throws -> Bool {
        try connection.query(
            """
            DELETE FROM person_roles WHERE coop_id = \(coop?.rawValue ?? Self.everyCooperative) AND login = \(login.rawValue) AND role = \(role.rawValue)
            """
        ).affectedRows == 1
    }

    /// Whether the acting person (`coopledger.actor`) holds one of `roles` in `coop`, as the
    /// database's own checks read it.
    public func actingPersonHolds(_ roles: Set<PersonRole>, in coop: CoopCode) throws -> Bool {
        try connection.query("SELECT person_holds(\(coop.rawValue), acting_person(), \(roles.map(\.rawValue).sorted()))")
            .singleRow().decode(Bool.self, at: 0)
    }

    /// Where the person holds any role: cooperative codes, and `*` for every cooperative.
    public func scopes(of login: Login) throws -> Set<String> {
        Set(try connection.query("SELECT DISTINCT coop_id FROM person_roles WHERE login = \(login.rawValue)").rows.map { try $0.decode(String.self, at: 0) })
    }

    /// The person's roles in the cooperative, counting those held in every cooperative;
    /// with `coop` nil, only those held in every cooperative.
    /// In a cooperative, `supervisor` too where they supervise its district (sql/031's
    /// `roles_held`, the one reading every door uses).
    public func roles(of login: Login, in coop: CoopCode?) throws -> Set<PersonRole> {
        let query: Query =
            if let coop {
                "SELECT unnest(roles_held(\(login.rawValue), \(coop.rawValue)))"
            } else {
                "SELECT role FROM person_roles WHERE login = \(login.rawValue) AND coop_id = \(Self.everyCooperative)"
            }
        return Set(try connection.query(query).rows.compactMap { PersonRole(rawValue: try $0.decode(String.self, at: 0)) })
    }

    /// Everyone holding a role in the cooperative (or in every one), with those roles.
    public func members(of coop: CoopCode) throws -> [(person: Person, roles: Set<PersonRole>, scope: String)] {
        try connection.query(
            """
            SELECT p.login, p.name, r.coop_id, string_agg(r.role, ',' ORDER BY r.role)
            FROM person_roles r JOIN people p USING (login)
            WHERE r.coop_id IN (\(coop.rawValue), \(Self.everyCooperative))
            GROUP BY p.login, p.name, r.coop_id ORDER BY p.login, r.coop_id
            """
        ).rows.map { row in
            let person = try Person(login: Login(parsing: row.decode(String.self, at: 0)), name: row.decode(String.self, at: 1))
            let roles = Set(try row.decode(String.self, at: 3).split(separator: ",").compactMap { PersonRole(rawValue: String($0)) })
            return (person, roles, try row.decode(String.self, at: 2))
        }
    }
}
