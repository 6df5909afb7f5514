import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Carries a cost one step on (121 → 401 → 141 → 521). Refused when the account it
    /// leaves holds less than the amount on that day: a cost carried out of nothing would
    /// leave the stock negative and the surplus wrong.
    public func carryCost(_ transfer: CostTransfer, date: Day, key: ClientKey, in coop: CoopCode) async throws -> PostingOutcome {
        let entry = try transfer.entry(date: date, key: key)
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let journal = JournalRepository(connection, coop: coop)
            if let replay = try Self.replay(entry, journal: journal) { return replay }
            let from = transfer.accounts.from
            let held = try AccountRepository(connection, coop: coop).balance(of: from, through: date)
            guard held.fen >= transfer.amount.fen else {
                throw LedgerError(.invalidAmount, field: "amount", value: transfer.amount.description,
                                  rule: "\(from) holds \(held) on \(date); carry at most that")
            }
            return try Self.post(entry, to: coop, on: connection)
        }
    }
}
