import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Books a product sold to a member (114 / member ← 501), and its payment when paid
    /// at once; records quantity and price. Counts as the member's patronage by default.
    public func sell(_ sale: Sale, date: Day, key: ClientKey, paidAtOnce: Bool, in coop: CoopCode) async throws -> PostingOutcome {
        let entries = try sale.entries(date: date, key: key, paidAtOnce: paidAtOnce)
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireMember(sale.member, in: coop, on: connection)
            let outcome = try Self.post(entries[0], to: coop, on: connection)
            for payment in entries.dropFirst() { _ = try Self.post(payment, to: coop, on: connection) }
            try SaleRepository(connection, coop: coop).insert(sale, entry: outcome.entryID)
            return outcome
        }
    }
}
