import LedgerCore
import Postgres

public struct CooperativeRepository {
    let connection: Connection

    public init(_ connection: Connection) { self.connection = connection }

    /// Inserts the cooperative; the database seeds its chart of accounts.
    public func insert(_ coop: Cooperative) throws {
        let settings = coop.settings
        try connection.query(
            """
            INSERT INTO cooperatives (coop_id, name, reserve_rate_bp, patronage_share_bp, capital_share_bp, purchase_premium_bp)
            VALUES (\(coop.code.rawValue), \(coop.name), \(settings.reserveRate.value), \(settings.patronageShare.value),
                    \(settings.capitalShare.value), \(coop.purchasePremium.value))
            """)
    }

    public func updateDistributionSettings(_ settings: DistributionSettings, for code: CoopCode) throws {
        let charter = settings.charter
        try connection.query(
            """
            UPDATE cooperatives SET reserve_rate_bp = \(charter.reserveRate.value), patronage_share_bp = \(charter.patronageShare.value),
                capital_share_bp = \(charter.capitalShare.value), patronage_kinds = \(settings.patronageKinds.map(\.rawValue).sorted()),
                reserve_quantified_by = \(settings.reserveQuantification.rawValue)
            WHERE coop_id = \(code.rawValue)
            """)
    }

    /// Those of `codes` there are, each with whether its general entries go through approved
    /// vouchers: a batch's cooperatives in one statement.
    public func requiresApproval(_ codes: [CoopCode]) throws -> [CoopCode: Bool] {
        var required: [CoopCode: Bool] = [:]
        for row in try connection.query("SELECT coop_id, requires_approval FROM cooperatives WHERE coop_id = ANY(\(codes.map(\.rawValue)))").rows {
            required[try CoopCode(parsing: row.decode(String.self, at: 0))] = try row.decode(Bool.self, at: 1)
        }
        return required
    }

    public func setRequiresApproval(_ required: Bool, for code: CoopCode) throws {
        try connection.query("UPDATE cooperatives SET requires_approval = \(required) WHERE coop_id = \(code.rawValue)")
    }

    public func find(_ code: CoopCode) throws -> Cooperative? {
        try select("WHERE coop_id = \(code.rawValue)").first
    }

    /// Those of `codes` there are, by code: a district's in one statement.
    public func find(_ codes: [CoopCode]) throws -> [CoopCode: Cooperative] {
        Dictionary(uniqueKeysWithValues: try select("WHERE coop_id = ANY(\(codes.map(\.rawValue)))").map { ($0.code, $0) })
    }

    public func all() throws -> [Cooperative] {
        try select("")
    }

    private func select(_ filter: Query) throws -> [Cooperative] {
        let rows = try connection.query(
            """
            SELECT coop_id, name, reserve_rate_bp, patronage_share_bp, capital_share_bp, purchase_premium_bp
            FROM cooperatives \(filter) ORDER BY coop_id
            """
        ).rows
        return try rows.map { row in
            try Cooperative(
                code: CoopCode(parsing: row.decode(String.self, at: 0)),
                name: row.decode(String.self, at: 1),
                settings: CharterSettings(
                    reserveRate: BasisPoints(row.decode(Int32.self, at: 2)),
                    patronageShare: BasisPoints(row.decode(Int32.self, at: 3)),
                    capitalShare: BasisPoints(row.decode(Int32.self, at: 4))
                ),
                purchasePremium: BasisPoints(row.decode(Int32.self, at: 5))
            )
        }
    }
}
