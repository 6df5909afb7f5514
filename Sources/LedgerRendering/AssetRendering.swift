import LedgerCore

/// An asset of the register as the API gives it.
public enum AssetRendering {
    public static func json(_ record: AssetRecord) -> JSONValue {
        let asset = record.asset
        let left = record.left()
        return .object([
            ("asset", .string("A\(record.number)")), ("class", .string(asset.assetClass.rawValue)), ("name", .string(asset.name)),
            ("acquired", .string(asset.acquiredOn.description)), ("cost", .string(asset.cost.description)), ("salvage", .string(asset.salvage.description)),
            ("life_months", .integer(Int64(asset.lifeMonths))), ("months_depreciated", .integer(Int64(record.depreciation.count))),
            ("heads", .integer(Int64(left.heads))), ("cost_left", .string(left.cost.description)),
            ("depreciation", .string(left.depreciation.description)), ("net", .string(left.net.description)),
            ("cost_account", .string(asset.expenseAccount.rawValue)), ("from", .string(asset.source.rawValue)),
        ])
    }
}
