import LedgerCore
import Postgres

/// The asset register's rows (sql/029): assets, their months of depreciation, their disposals.
public struct AssetRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// The next asset's number (A1, A2, …); the caller holds the books' lock.
    public func nextNumber() throws -> Int32 {
        Int32(
            try connection.query("SELECT coalesce(max(asset_no), 0) + 1 FROM assets WHERE coop_id = \(coop.rawValue)")
                .singleRow().decode(Int32.self, at: 0))
    }

    /// `entry`: the acquisition's; nil for an asset the opening brought in.
    public func insert(_ asset: Asset, number: Int32, key: String, entry: EntryID?) throws {
        try connection.query(
            """
            INSERT INTO assets (coop_id, asset_no, client_key, class, name, cost, salvage, acquired_on, life_months, head_count,
                                expense_account, source, entry_id, brought_in_on, opening_depreciation, opening_months)
            VALUES (\(coop.rawValue), \(number), \(key), \(asset.assetClass.rawValue), \(asset.name), \(asset.cost.fen), \(asset.salvage.fen),
                    \(asset.acquiredOn), \(Int32(asset.lifeMonths)), \(Int32(asset.headCount)), \(asset.expenseAccount.rawValue),
                    \(asset.source.rawValue), \(entry?.value), \(asset.broughtIn?.on), \(asset.broughtIn?.depreciation.fen ?? 0), \(Int32(asset.broughtIn?.months ?? 0)))
            """)
    }

    /// The latest month any asset was depreciated for.
    public func lastDepreciatedMonth() throws -> CalendarMonth? {
        try connection.query("SELECT max(month) FROM asset_depreciation WHERE coop_id = \(coop.rawValue)")
            .singleRow().decode(Day?.self, at: 0).map { try CalendarMonth(of: $0) }
    }

    public func number(forKey key: String) throws -> Int32? {
        try connection.query("SELECT asset_no FROM assets WHERE coop_id = \(coop.rawValue) AND client_key = \(key)")
            .rows.first.map { try $0.decode(Int32.self, at: 0) }
    }

    public func disposal(forKey key: String) throws -> (asset: Int32, disposal: Int32)? {
        try connection.query("SELECT asset_no, disposal_no FROM asset_disposals WHERE coop_id = \(coop.rawValue) AND client_key = \(key)")
            .rows.first.map { (try $0.decode(Int32.self, at: 0), try $0.decode(Int32.self, at: 1)) }
    }

    public func insertDepreciation(asset: Int32, month: CalendarMonth, amount: Money, entry: EntryID) throws {
        try connection.query(
            """
            INSERT INTO asset_depreciation (coop_id, asset_no, month, amount, entry_id)
            VALUES (\(coop.rawValue), \(asset), \(month.firstDay), \(amount.fen), \(entry.value))
            """)
    }

    public func insertDisposal(_ disposal: AssetRecord.Disposal, asset: Int32, key: String, entry: EntryID) throws {
        try connection.query(
            """
            INSERT INTO asset_disposals (coop_id, asset_no, disposal_no, client_key, disposed_on, head_count, proceeds, reason,
                                         cost_removed, salvage_removed, depreciation_removed, entry_id)
            VALUES (\(coop.rawValue), \(asset), \(disposal.number), \(key), \(disposal.date), \(Int32(disposal.headCount)), \(disposal.proceeds.fen),
                    \(disposal.reason.rawValue), \(disposal.costRemoved.fen), \(disposal.salvageRemoved.fen), \(disposal.depreciationRemoved.fen), \(entry.value))
            """)
    }

    /// Every asset with its history (one asset: `only`), in number order.
    public func records(only: Int32? = nil) throws -> [AssetRecord] {
        var depreciation: [Int32: [(month: CalendarMonth, amount: Money)]] = [:]
        for row in try connection.query(
            """
            SELECT asset_no, month, amount FROM asset_depreciation
            WHERE coop_id = \(coop.rawValue) AND (\(only)::integer IS NULL OR asset_no = \(only)) ORDER BY asset_no, month
            """
        ).rows {
            depreciation[try row.decode(Int32.self, at: 0), default: []].append(
                (try CalendarMonth(of: row.decode(Day.self, at: 1)), Money(fen: try row.decode(Int64.self, at: 2))))
        }
        var disposals: [Int32: [AssetRecord.Disposal]] = [:]
        for row in try connection.query(
            """
            SELECT asset_no, disposal_no, disposed_on, head_count, proceeds, reason, cost_removed, salvage_removed, depreciation_removed
            FROM asset_disposals WHERE coop_id = \(coop.rawValue) AND (\(only)::integer IS NULL OR asset_no = \(only)) ORDER BY asset_no, disposal_no
            """
        ).rows {
            guard let reason = DisposalReason(rawValue: try row.decode(String.self, at: 5)) else { continue }
            disposals[try row.decode(Int32.self, at: 0), default: []].append(
                AssetRecord.Disposal(
                    number: try row.decode(Int32.self, at: 1), date: try row.decode(Day.self, at: 2), headCount: Int(try row.decode(Int32.self, at: 3)),
                    proceeds: Money(fen: try row.decode(Int64.self, at: 4)), reason: reason, costRemoved: Money(fen: try row.decode(Int64.self, at: 6)),
                    salvageRemoved: Money(fen: try row.decode(Int64.self, at: 7)), depreciationRemoved: Money(fen: try row.decode(Int64.self, at: 8))
                ))
        }
        return try connection.query(
            """
            SELECT asset_no, class, name, cost, salvage, acquired_on, life_months, head_count, expense_account, source,
                   brought_in_on, opening_depreciation, opening_months
            FROM assets WHERE coop_id = \(coop.rawValue) AND (\(only)::integer IS NULL OR asset_no = \(only)) ORDER BY asset_no
            """
        ).rows.map { row in
            let number = try row.decode(Int32.self, at: 0)
            let asset = try Asset(
                assetClass: AssetClass(rawValue: try row.decode(String.self, at: 1)) ?? .fixed, name: try row.decode(String.self, at: 2),
                cost: Money(fen: try row.decode(Int64.self, at: 3)), salvage: Money(fen: try row.decode(Int64.self, at: 4)),
                acquiredOn: try row.decode(Day.self, at: 5), lifeMonths: Int(try row.decode(Int32.self, at: 6)),
                headCount: Int(try row.decode(Int32.self, at: 7)),
                expenseAccount: try AccountCode(parsing: row.decode(String.self, at: 8), field: "expense_account"),
                source: AssetSource(rawValue: try row.decode(String.self, at: 9)) ?? .bank,
                broughtIn: try row.decode(Day?.self, at: 10).map {
                    Asset.BroughtIn(
                        on: $0, depreciation: Money(fen: try row.decode(Int64.self, at: 11)),
                        months: Int(try row.decode(Int32.self, at: 12)))
                }
            )
            return AssetRecord(number: number, asset: asset, depreciation: depreciation[number] ?? [], disposals: disposals[number] ?? [])
        }
    }
}
