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
            let accounts = AccountRepository(connection, coop: coop)
            let chart = try accounts.chart()
            if let replay = try Self.replay(try entry.postingToLeaves(of: chart), journal: JournalRepository(connection, coop: coop)) { return replay }
            // The account the cost leaves: the standard one, or its chosen sub-account.
            let from = chart.leaf(for: transfer.accounts.from)
            let held = try accounts.balance(of: from, through: date)
            guard held.fen >= transfer.amount.fen else {
                throw LedgerError(
                    .invalidAmount, field: "amount", value: transfer.amount.description,
                    rule: "\(from) holds \(held) on \(date); carry at most that")
            }
            return try Self.post(entry, to: coop, on: connection)
        }
    }
}
