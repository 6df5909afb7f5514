import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Books produce bought from a member: 121 / 114 member at market price plus premium.
    /// When paid at once, a second entry pays it (114 member / 102, key `KEY:paid`): the
    /// purchase's 114 credit stays whole, so patronage read from the journal is exact.
    public func purchase(_ purchase: Purchase, date: Day, key: ClientKey, paidAtOnce: Bool, in coop: CoopCode) async throws -> PostingOutcome {
        let entries = try Self.purchaseEntries(purchase, date: date, key: key, paidAtOnce: paidAtOnce)
        return try await writeRetryingOnKeyRace { connection in
            try Self.postPurchase(purchase, entries: entries, in: coop, on: connection)
        }
    }

    /// A purchase as the bookkeeper stated it, with the cooperative's defaults for what it leaves out.
    public func purchase(_ slip: PurchaseSlip, date: Day, key: ClientKey, paidAtOnce: Bool, in coop: CoopCode) async throws -> PostingOutcome {
        let purchase = try slip.purchase(on: date, defaultPremium: try await cooperative(coop).purchasePremium)
        return try await self.purchase(purchase, date: date, key: key, paidAtOnce: paidAtOnce, in: coop)
    }

    /// A season of weigh-slips, all or nothing, streaming: each slip is read, checked and
    /// posted in turn inside one transaction; a bad slip (named by its line) refuses all.
    public func importPurchases(path: String, in coop: CoopCode, progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }) async throws -> BatchOutcome
    {
        if SpreadsheetInput.isSpreadsheet(path) {
            return try await SpreadsheetInput.asCSV(path) { try await importPurchases(path: $0, in: coop, progress: progress) }
        }
        return try await writeRetryingOnKeyRace { connection in
            guard let cooperative = try CooperativeRepository(connection).find(coop) else { throw Self.unknownCooperative(coop) }
            let rows = try RollImport.PurchaseRows(reader: try Self.openCSV(path), fileName: path, defaultPremium: cooperative.purchasePremium)
            var outcome = BatchOutcome()
            var meter = ProgressClock(report: progress)
            var lines = 0
            while let (line, slip) = try rows.next() {
                do {
                    let entries = try Self.purchaseEntries(slip.purchase, date: slip.date, key: slip.key, paidAtOnce: slip.paidAtOnce)
                    outcome.record(try Self.postPurchase(slip.purchase, entries: entries, in: coop, on: connection))
                } catch let error as LedgerError {
                    throw ImportRefused(errors: [ImportError(file: path, line: line, error)])
                }
                lines += 1
                meter.tick(lines: lines, bytes: rows.bytesRead)
            }
            return outcome
        }
    }

    /// The purchase entry, and its payment entry when paid at once. A member's is owed on
    /// their 114 detail account; a non-member household's on 211 应付款, apart (law art. 41).
    static func purchaseEntries(_ purchase: Purchase, date: Day, key: ClientKey, paidAtOnce: Bool) throws -> [JournalEntry] {
        let amount = try purchase.amount()
        let (owedOn, member, seller): (AccountCode, MemberNumber?, String) =
            switch purchase.seller {
            case .member(let number): (.memberCurrentAccounts, number, "成员\(number)")
            case .household(let number): (.payables, nil, "非成员农户\(number)")
            }
        // The memo carries every term, so a retry with other terms is a conflict, not a replay.
        let memo =
            "定向收购 \(purchase.product)，\(seller)：\(purchase.quantity) 公斤 × \(purchase.marketPrice) 元/公斤 "
            + "（市场价，\(purchase.priceSource) \(purchase.priceDate)）+ 溢价 \(purchase.premium)"
        var entries = [
            try JournalEntry(
                key: key.rawValue, date: date, memo: memo,
                lines: [
                    .debit(AccountCode.productsAndMaterials, amount), .credit(owedOn, member: member, amount),
                ], kind: .purchase)
        ]
        if paidAtOnce {
            entries.append(
                try JournalEntry(
                    key: SystemKey.payment(of: key), date: date, memo: "支付收购款 \(seller)",
                    lines: [
                        .debit(owedOn, member: member, amount), .credit(AccountCode.bankDeposits, amount),
                    ], kind: .purchasePayment))
        }
        return entries
    }

    /// Posts the purchase's entries and records its terms; the outcome is the purchase entry's.
    static func postPurchase(_ purchase: Purchase, entries: [JournalEntry], in coop: CoopCode, on connection: Connection) throws -> PostingOutcome {
        switch purchase.seller {
        case .member(let number): try requireMember(number, in: coop, on: connection)
        case .household(let number): try requireHousehold(number, in: coop, on: connection)
        }
        let outcome = try post(entries[0], to: coop, on: connection)
        for payment in entries.dropFirst() { _ = try post(payment, to: coop, on: connection) }
        try PurchaseRepository(connection, coop: coop).insert(purchase, entry: outcome.entryID)
        return outcome
    }
}
