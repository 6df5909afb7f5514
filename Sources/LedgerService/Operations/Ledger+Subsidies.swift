import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Books a state subsidy or a donation (102 / 311) and quantifies it to the members on
    /// that day: equally (平均量化) or by their capital. Returns the first entry's outcome
    /// and how many members got a share. Posting the same key again writes nothing.
    public func addSubsidy(_ subsidy: Subsidy, date: Day, key: ClientKey, in coop: CoopCode) async throws -> (outcome: PostingOutcome, members: Int) {
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let capital = try MemberRepository(connection, coop: coop).capitalOn(date)
            let weights = capital.mapValues { subsidy.quantification == .equal ? 1 : max($0, 0) }
            let entries = try subsidy.entries(key: key, date: date, weights: weights)
            // At least one entry: a positive amount split among positive weights.
            let outcomes = try entries.map { try Self.post($0, to: coop, on: connection) }
            let members = entries.reduce(0) { $0 + $1.lines.count - 1 }
            return (outcomes[0], members)
        }
    }
}
