import LedgerCore
import Postgres

/// Account codes travel as `text`, so queries bind the chart's named codes
/// (`AccountCode.shareCapital`) instead of spelling '301' in SQL.
extension AccountCode: PostgresArrayElement {
    public static var postgresType: PostgresType { .text }
    public static var postgresArrayType: PostgresType { .textArray }
    public var postgresText: String { rawValue }
}
