import Postgres

/// The login `serve` connects as (sql/032): a member of coopledger_service that owns
/// nothing, so it proves each person to the database with their token and cannot name anyone,
/// turn a rule off, or touch people, roles and tokens.
public enum ServiceLogin {
    public static let defaultName = "coopledger_web"

    /// Makes `login` a login in coopledger_service (kept if it exists); sets its password
    /// when one is given. The operator's: it needs a role that may create roles.
    public static func ensure(_ login: String, password: String?, on connection: Connection) throws {
        try connection.query(
            """
            DO $$ BEGIN
                CREATE ROLE \(identifier: login) LOGIN;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$
            """)
        try connection.query("GRANT coopledger_service TO \(identifier: login)")
        if let password {
            // ALTER ROLE takes no parameters: the statement is quoted by the server's format().
            let statement = try connection.query("SELECT format('ALTER ROLE %I PASSWORD %L', \(login), \(password))").singleRow().decode(String.self, at: 0)
            try connection.query(Query(unsafeSQL: statement))
        }
    }

    /// Whether the connection's role owns the books (or is a superuser), and so may name
    /// whoever it likes as the person acting: right for the operator, wrong for a server.
    public static func namesItsActor(_ connection: Connection) throws -> Bool {
        try connection.query("SELECT names_its_actor()").singleRow().decode(Bool.self, at: 0)
    }
}
