import LedgerCore
import Postgres

/// Ledger days travel as SQL `date` in ISO form (the server's default DateStyle).
extension Day: PostgresCodable {
    public static var postgresType: PostgresType { .date }
    public var postgresText: String { description }

    public static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> Day {
        guard type == .date else {
            throw PostgresError(kind: .decoding, message: "cannot read a \(type) column as Day")
        }
        do {
            return try Day(parsing: text, field: "date")
        } catch {
            throw PostgresError(kind: .decoding, message: "cannot read date value '\(text)' as Day")
        }
    }
}
