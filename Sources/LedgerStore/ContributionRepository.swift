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
        try connection.query("""
            INSERT INTO contributions (coop_id, entry_id, member_no, source)
            VALUES (\(coop.rawValue), \(entry.value), \(member.value), \(source.rawValue))
            ON CONFLICT (coop_id, entry_id) DO NOTHING
            """)
    }
}
