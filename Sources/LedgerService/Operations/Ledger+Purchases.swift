import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Books produce bought from a member: 121 / 114 member at market price plus premium.
    /// When paid at once, a second entry pays it (114 member / 102, key `KEY:paid`): the
    /// purchase's 114 credit stays whole, so patronage read from the journal is exact.
    public func purchase(_ purchase: Purchase, date: Day, key: String, paidAtOnce: Bool, in coop: CoopCode) async throws -> PostingOutcome {
        let entries = try Self.purchaseEntries(purchase, date: date, key: key, paidAtOnce: paidAtOnce)
        return try await writeRetryingOnKeyRace { connection in
            try Self.postPurchase(purchase, entries: entries, in: coop, on: connection)
        }
    }

    /// A season of weigh-slips, all or nothing.
    public func importPurchases(_ purchases: [(purchase: Purchase, date: Day, key: String, paidAtOnce: Bool)], in coop: CoopCode) async throws -> BatchOutcome {
        let entries = try purchases.map { try Self.purchaseEntries($0.purchase, date: $0.date, key: $0.key, paidAtOnce: $0.paidAtOnce) }
        return try await writeRetryingOnKeyRace { connection in
            var outcome = BatchOutcome()
            for (purchase, entries) in zip(purchases.map(\.purchase), entries) {
                outcome.record(try Self.postPurchase(purchase, entries: entries, in: coop, on: connection))
            }
            return outcome
        }
    }

    /// The purchase entry, and its payment entry when paid at once.
    static func purchaseEntries(_ purchase: Purchase, date: Day, key: String, paidAtOnce: Bool) throws -> [JournalEntry] {
        let amount = try purchase.amount()
        let member = purchase.member
        // The memo carries every term, so a retry with other terms is a conflict, not a replay.
        let memo = "定向收购 \(purchase.product) from member \(member): \(purchase.quantity) kg × \(purchase.marketPrice) yuan/kg "
            + "(market, \(purchase.priceSource) \(purchase.priceDate)) + \(purchase.premium) premium"
        var entries = [try JournalEntry(key: key, date: date, memo: memo, lines: [
            .debit(AccountCode("121"), amount), .credit(AccountCode("114"), member: member, amount),
        ], kind: .purchase)]
        if paidAtOnce {
            entries.append(try JournalEntry(key: key + ":paid", date: date, memo: "支付收购款 purchase paid at once, member \(member)", lines: [
                .debit(AccountCode("114"), member: member, amount), .credit(AccountCode("102"), amount),
            ], kind: .purchasePayment))
        }
        return entries
    }

    /// Posts the purchase's entries and records its terms; the outcome is the purchase entry's.
    static func postPurchase(_ purchase: Purchase, entries: [JournalEntry], in coop: CoopCode, on connection: Connection) throws -> PostingOutcome {
        let outcome = try post(entries[0], to: coop, on: connection)
        for payment in entries.dropFirst() { _ = try post(payment, to: coop, on: connection) }
        try PurchaseRepository(connection, coop: coop).insert(purchase, entry: outcome.entryID)
        return outcome
    }
}
