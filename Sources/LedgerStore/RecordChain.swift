import LedgerCore
import Postgres

/// The chain of a cooperative's records beside its journal (sql/027): every change to its
/// settings, members, households, contracts, evidence, chart, vouchers, runs and people.
public struct RecordChain {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// The cooperative's chain and the people's ('*'), checked link by link and row by row.
    public func verify() throws -> RecordVerdict {
        var problems: [String] = []
        for chain in [coop.rawValue, "*"] {
            problems += try connection.query("SELECT problem FROM record_chain_problems(\(chain)) AS problem").rows.map {
                (chain == "*" ? "people: " : "") + (try $0.decode(String.self, at: 0))
            }
        }
        guard problems.isEmpty else { return .broken(problems) }
        let head = try connection.query(
            """
            SELECT coalesce(max(seq), 0)::bigint, coalesce(encode((SELECT hash FROM record_chain_heads WHERE coop_id = \(coop.rawValue)), 'hex'), '')
            FROM record_changes WHERE coop_id = \(coop.rawValue)
            """
        ).singleRow()
        return .intact(changes: try head.decode(Int64.self, at: 0), head: try head.decode(String.self, at: 1))
    }
}
