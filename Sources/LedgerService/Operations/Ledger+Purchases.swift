import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Books produce bought from a member: 121 / 114 member at market price plus premium;
    /// when paid at once, the same entry also pays it (114 member / 102), so the member's
    /// dealing stays visible on their account either way.
    public func purchase(_ purchase: Purchase, date: Day, key: String, paidAtOnce: Bool, in coop: CoopCode) async throws -> PostingOutcome {
        let entry = try Self.purchaseEntry(purchase, date: date, key: key, paidAtOnce: paidAtOnce)
        return try await writeRetryingOnKeyRace { connection in
            try Self.postPurchase(purchase, entry: entry, in: coop, on: connection)
        }
    }

    /// A season of weigh-slips, all or nothing.
    public func importPurchases(_ purchases: [(purchase: Purchase, date: Day, key: String, paidAtOnce: Bool)], in coop: CoopCode) async throws -> BatchOutcome {
        let entries = try purchases.map { try Self.purchaseEntry($0.purchase, date: $0.date, key: $0.key, paidAtOnce: $0.paidAtOnce) }
        return try await writeRetryingOnKeyRace { connection in
            var outcome = BatchOutcome()
            for (purchase, entry) in zip(purchases.map(\.purchase), entries) {
                outcome.record(try Self.postPurchase(purchase, entry: entry, in: coop, on: connection))
            }
            return outcome
        }
    }

    static func purchaseEntry(_ purchase: Purchase, date: Day, key: String, paidAtOnce: Bool) throws -> JournalEntry {
        let amount = try purchase.amount()
        let member = purchase.member
        var lines: [PostingLine] = [.debit(AccountCode("121"), amount), .credit(AccountCode("114"), member: member, amount)]
        if paidAtOnce {
            lines += [.debit(AccountCode("114"), member: member, amount), .credit(AccountCode("102"), amount)]
        }
        // The memo carries every term, so a retry with other terms is a conflict, not a replay.
        let memo = "定向收购 \(purchase.product) from member \(member): \(purchase.quantity) kg × \(purchase.marketPrice) yuan/kg "
            + "(market, \(purchase.priceSource) \(purchase.priceDate)) + \(purchase.premium) premium" + (paidAtOnce ? ", paid" : "")
        return try JournalEntry(key: key, date: date, memo: memo, lines: lines, kind: .purchase)
    }

    static func postPurchase(_ purchase: Purchase, entry: JournalEntry, in coop: CoopCode, on connection: Connection) throws -> PostingOutcome {
        let outcome = try post(entry, to: coop, on: connection)
        try PurchaseRepository(connection, coop: coop).insert(purchase, entry: outcome.entryID)
        return outcome
    }
}
