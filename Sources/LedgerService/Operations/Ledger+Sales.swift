import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Books a product sold to a member (114 / member ← 501) or to a non-member household
    /// (113 ← 501), and its payment when paid at once; records quantity and price. A member's
    /// counts as their patronage by default; a household's never does.
    public func sell(_ sale: Sale, date: Day, key: ClientKey, paidAtOnce: Bool, in coop: CoopCode) async throws -> PostingOutcome {
        let entries = try sale.entries(date: date, key: key, paidAtOnce: paidAtOnce)
        return try await writeRetryingOnKeyRace { connection in
            switch sale.buyer {
            case .member(let number): try Self.requireMember(number, in: coop, on: connection)
            case .household(let number): try Self.requireHousehold(number, in: coop, on: connection)
            }
            let outcome = try Self.post(entries[0], to: coop, on: connection)
            for payment in entries.dropFirst() { _ = try Self.post(payment, to: coop, on: connection) }
            try SaleRepository(connection, coop: coop).insert(sale, entry: outcome.entryID)
            return outcome
        }
    }
}
