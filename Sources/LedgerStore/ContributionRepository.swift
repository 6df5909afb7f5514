import LedgerCore
import Postgres

public struct ContributionRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func insert(member: MemberNumber, source: ContributionSource, entry: EntryID) throws {
        try connection.query(
            """
            INSERT INTO contributions (coop_id, entry_id, member_no, source)
            VALUES (\(coop.rawValue), \(entry.value), \(member.value), \(source.rawValue))
            ON CONFLICT (coop_id, entry_id) DO NOTHING
            """)
    }

    /// The source of a member's capital on one line of the opening entry.
    public func insertOpening(source: ContributionSource, entry: EntryID, line: Int) throws {
        try connection.query(
            """
            INSERT INTO opening_capital_sources (coop_id, entry_id, line_no, source)
            VALUES (\(coop.rawValue), \(entry.value), \(Int32(clamping: line)), \(source.rawValue))
            """)
    }
}
