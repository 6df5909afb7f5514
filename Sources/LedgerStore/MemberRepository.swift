import LedgerCore
import Postgres

public struct MemberRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func insert(_ member: Member) throws {
        try connection.query(
            """
            INSERT INTO members (coop_id, member_no, name, id_number, is_poor_household, joined_on, left_on)
            VALUES (\(coop.rawValue), \(member.number.value), \(member.name), \(member.idNumber),
                    \(member.isPoorHousehold), \(member.joinedOn), \(member.leftOn))
            """)
    }

    public func find(_ number: MemberNumber) throws -> Member? {
        try select("AND member_no = \(number.value)").first
    }

    public func find(idNumber: String) throws -> Member? {
        try select("AND id_number = \(idNumber)").first
    }

    public func all() throws -> [Member] {
        try select("")
    }

    /// Which of `numbers` are members of the cooperative.
    public func existing(_ numbers: Set<MemberNumber>) throws -> Set<MemberNumber> {
        guard !numbers.isEmpty else { return [] }
        let rows = try connection.query(
            """
            SELECT member_no FROM members WHERE coop_id = \(coop.rawValue) AND member_no = ANY(\(numbers.map(\.value)))
            """
        ).rows
        return Set(try rows.map { MemberNumber(try $0.decode(Int32.self, at: 0)) })
    }

    /// The members of these numbers that exist, with their dates.
    public func named(_ numbers: Set<MemberNumber>) throws -> [MemberNumber: Member] {
        try Self.named([coop: numbers], on: connection)[coop] ?? [:]
    }

    /// The members of these numbers that exist, each cooperative's: a batch's cooperatives in
    /// one statement.
    public static func named(_ wanted: [CoopCode: Set<MemberNumber>], on connection: Connection) throws -> [CoopCode: [MemberNumber: Member]] {
        let pairs = wanted.flatMap { coop, numbers in numbers.map { (coop: coop.rawValue, number: $0.value) } }
        guard !pairs.isEmpty else { return [:] }
        var members: [CoopCode: [MemberNumber: Member]] = [:]
        for row in try connection.query(
            """
            SELECT \(columns), w.coop_id
            FROM unnest(\(pairs.map(\.coop))::text[], \(pairs.map(\.number))::integer[]) AS w(coop_id, member_no)
            CROSS JOIN LATERAL (SELECT * FROM members m WHERE m.coop_id = w.coop_id AND m.member_no = w.member_no OFFSET 0) AS m
            """
        ).rows {
            let member = try Self.member(row)
            members[try CoopCode(parsing: row.decode(String.self, at: 6)), default: [:]][member.number] = member
        }
        return members
    }

    /// The members on `day` (joined on or before it, not yet left: `Membership`), each with their
    /// capital (301) at the end of that day.
    public func capitalOn(_ day: Day) throws -> [MemberNumber: Int64] {
        var capital: [MemberNumber: Int64] = [:]
        for row in try connection.query(
            """
            SELECT m.member_no, coalesce((SELECT -sum(p.amount) FROM postings p
                                          WHERE p.coop_id = m.coop_id AND p.account_code = \(AccountCode.shareCapital)
                                            AND p.member_no = m.member_no AND p.entry_date <= \(day)), 0)::bigint
            FROM members m
            WHERE m.coop_id = \(coop.rawValue) AND (m.joined_on IS NULL OR m.joined_on <= \(day))
              AND (m.left_on IS NULL OR m.left_on > \(day))
            """
        ).rows {
            capital[MemberNumber(try row.decode(Int32.self, at: 0))] = try row.decode(Int64.self, at: 1)
        }
        return capital
    }

    private func select(_ filter: Query) throws -> [Member] {
        try connection.query("SELECT \(Self.columns) FROM members m WHERE m.coop_id = \(coop.rawValue) \(filter) ORDER BY m.member_no").rows.map(Self.member)
    }

    /// What a read of members selects, first; `member` reads it back.
    private static let columns: Query = "m.member_no, m.name, m.id_number, m.is_poor_household, m.joined_on, m.left_on"

    private static func member(_ row: Row) throws -> Member {
        try Member(
            number: MemberNumber(row.decode(Int32.self, at: 0)),
            name: row.decode(String.self, at: 1),
            idNumber: row.decode(String?.self, at: 2),
            isPoorHousehold: row.decode(Bool.self, at: 3),
            joinedOn: row.decode(Day?.self, at: 4),
            leftOn: row.decode(Day?.self, at: 5)
        )
    }
}
