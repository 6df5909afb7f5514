import LedgerCore
import Postgres

public struct StoredLoanEquity: Sendable, Equatable {
    public let id: Int64
    public let contract: LoanEquityContract
    public let repaidOn: Day?
}

public struct LoanEquityRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func nextID() throws -> Int64 {
        try connection.query("SELECT nextval('loan_equity_contract_id_seq')").singleRow().decode(Int64.self, at: 0)
    }

    public func insert(_ contract: LoanEquityContract, id: Int64, receivedIn entry: EntryID, key: String?) throws {
        try connection.query(
            """
            INSERT INTO loan_equity_contracts (coop_id, contract_id, member_no, principal_fen, starts_on, years, payout_fen,
                                               treatment, received_entry_id, contract_key)
            VALUES (\(coop.rawValue), \(id), \(contract.member.value), \(contract.principal.fen), \(contract.startsOn),
                    \(Int32(contract.years)), \(contract.yearlyPayout.fen), \(contract.treatment.rawValue), \(entry.value), \(key))
            """)
    }

    public func markRepaid(_ id: Int64, on day: Day, entry: EntryID) throws {
        try connection.query(
            """
            UPDATE loan_equity_contracts SET repaid_on = \(day), repaid_entry_id = \(entry.value)
            WHERE coop_id = \(coop.rawValue) AND contract_id = \(id) AND repaid_on IS NULL
            """)
    }

    public func find(key: String) throws -> StoredLoanEquity? {
        try select("AND contract_key = \(key)").first
    }

    public func all(member: MemberNumber? = nil) throws -> [StoredLoanEquity] {
        try select("AND (\(member?.value)::integer IS NULL OR member_no = \(member?.value))")
    }

    private func select(_ filter: Query) throws -> [StoredLoanEquity] {
        try connection.query(
            """
            SELECT contract_id, member_no, principal_fen, starts_on, years, payout_fen, treatment, repaid_on
            FROM loan_equity_contracts WHERE coop_id = \(coop.rawValue) \(filter) ORDER BY contract_id
            """
        ).rows.map { row in
            let treatmentText = try row.decode(String.self, at: 6)
            guard let treatment = LoanEquityTreatment(rawValue: treatmentText) else {
                throw PostgresError(kind: .decoding, message: "unknown loan-equity treatment \(treatmentText)")
            }
            return StoredLoanEquity(
                id: try row.decode(Int64.self, at: 0),
                contract: try LoanEquityContract(
                    member: MemberNumber(row.decode(Int32.self, at: 1)), principal: Money(fen: row.decode(Int64.self, at: 2)),
                    startsOn: row.decode(Day.self, at: 3), years: Int(row.decode(Int32.self, at: 4)),
                    yearlyPayout: Money(fen: row.decode(Int64.self, at: 5)), treatment: treatment
                ),
                repaidOn: try row.decode(Day?.self, at: 7)
            )
        }
    }
}
