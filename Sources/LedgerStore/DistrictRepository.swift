import LedgerCore
import Postgres

/// Districts, where cooperatives are in them, and who supervises them (sql/031). Writes are
/// the operator's; the database refuses anyone else's.
public struct DistrictRepository {
    let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

    /// False if the code is taken.
    public func insert(_ district: District) throws -> Bool {
        try connection.query(
            """
            INSERT INTO districts (district_code, name) VALUES (\(district.code.rawValue), \(district.name)) ON CONFLICT DO NOTHING
            """
        ).affectedRows == 1
    }

    public func find(_ code: DistrictCode) throws -> District? {
        try connection.query("SELECT name FROM districts WHERE district_code = \(code.rawValue)").rows.first.map {
            try District(code: code, name: try $0.decode(String.self, at: 0))
        }
    }

    public func all() throws -> [District] {
        try connection.query("SELECT district_code, name FROM districts ORDER BY district_code").rows.map {
            try District(code: DistrictCode(parsing: $0.decode(String.self, at: 0)), name: $0.decode(String.self, at: 1))
        }
    }

    /// Puts the cooperative in a district and township, or moves it there.
    public func place(_ coop: CoopCode, _ placement: Placement) throws {
        try connection.query(
            """
            INSERT INTO cooperative_districts (coop_id, district_code, township) VALUES (\(coop.rawValue), \(placement.district.rawValue), \(placement.township))
            ON CONFLICT (coop_id) DO UPDATE SET district_code = EXCLUDED.district_code, township = EXCLUDED.township, placed_at = now()
            """)
    }

    public func placement(of coop: CoopCode) throws -> Placement? {
        try connection.query("SELECT district_code, township FROM cooperative_districts WHERE coop_id = \(coop.rawValue)").rows.first.map {
            try Placement(district: DistrictCode(parsing: $0.decode(String.self, at: 0)), township: $0.decode(String.self, at: 1))
        }
    }

    /// The district's cooperatives (of one township only, if named), by township and code.
    public func cooperatives(in district: DistrictCode, township: String? = nil) throws -> [(coop: CoopCode, township: String)] {
        try connection.query(
            """
            SELECT coop_id, township FROM cooperative_districts
            WHERE district_code = \(district.rawValue) AND (\(township)::text IS NULL OR township = \(township))
            ORDER BY township, coop_id
            """
        ).rows.map { (try CoopCode(parsing: $0.decode(String.self, at: 0)), try $0.decode(String.self, at: 1)) }
    }

    public func addSupervisor(_ login: Login, of district: DistrictCode) throws {
        try connection.query(
            """
            INSERT INTO district_supervisors (district_code, login) VALUES (\(district.rawValue), \(login.rawValue)) ON CONFLICT DO NOTHING
            """)
    }

    public func supervised(by login: Login) throws -> [District] {
        try connection.query(
            """
            SELECT d.district_code, d.name FROM districts d JOIN district_supervisors s USING (district_code)
            WHERE s.login = \(login.rawValue) ORDER BY d.district_code
            """
        ).rows.map { try District(code: DistrictCode(parsing: $0.decode(String.self, at: 0)), name: $0.decode(String.self, at: 1)) }
    }

    public func supervisesAny(_ login: Login) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM district_supervisors WHERE login = \(login.rawValue))").singleRow().decode(Bool.self, at: 0)
    }

    public func supervises(_ login: Login, _ district: DistrictCode) throws -> Bool {
        try connection.query("SELECT EXISTS (SELECT 1 FROM district_supervisors WHERE district_code = \(district.rawValue) AND login = \(login.rawValue))")
            .singleRow().decode(Bool.self, at: 0)
    }
}
