/// Carrying production costs through to the surplus (bookings table of docs/domain.md): feed
/// and materials consumed go into production (121 → 401), production finished goes into
/// stock (401 → 141 fattening pigs, or 121 products), and the cost of what is sold goes
/// to 经营支出 (141 or 121 → 521). Costs left in 401/121/141 are what is really still in
/// production or in stock; a year whose costs never reach 521 overstates its surplus.
public struct CostTransfer: Hashable, Sendable {
    public enum Step: String, Sendable, CaseIterable {
        /// 领用: materials consumed in production, 121 → 401.
        case consume
        /// 完工: production finished into stock, 401 → 141 (or 121).
        case finish
        /// 结转销售成本: cost of products sold, 141 (or 121) → 521.
        case sell
    }

    public let step: Step
    public let amount: Money
    /// Where finished production is kept: 141 (pigs, the default) or 121 (products).
    public let stock: AccountCode
    public let memo: String

    public static let stockAccounts: Set<AccountCode> = [.consumableBiologicalAssets, .productsAndMaterials]

    public init(step: Step, amount: Money, stock: AccountCode = .consumableBiologicalAssets, memo: String = "") throws(LedgerError) {
        guard amount.fen > 0 else {
            throw LedgerError(.invalidAmount, field: "amount", value: amount.description, rule: "a cost carried is more than zero")
        }
        guard amount.fen <= Limits.lineAmountMax.fen else {
            throw LedgerError(.amountOverflow, field: "amount", value: amount.description, rule: "at most \(Limits.lineAmountMax) yuan")
        }
        guard Self.stockAccounts.contains(stock) else {
            throw LedgerError(.invalidValue, field: "stock", value: stock.rawValue, rule: "finished production is kept in 141 or 121")
        }
        self.step = step
        self.amount = amount
        self.stock = stock
        self.memo = memo
    }

    /// The account the cost leaves and the one it enters.
    public var accounts: (from: AccountCode, to: AccountCode) {
        switch step {
        case .consume: (.productsAndMaterials, .productionCosts)
        case .finish: (.productionCosts, stock)
        case .sell: (stock, .operatingExpenses)
        }
    }

    public func entry(date: Day, key: ClientKey) throws(LedgerError) -> JournalEntry {
        let (from, to) = accounts
        let label =
            switch step {
            case .consume: "领用材料"
            case .finish: "完工转入"
            case .sell: "结转销售成本"
            }
        return try JournalEntry(
            key: key.rawValue, date: date, memo: memo.isEmpty ? "\(label) \(from) → \(to)" : "\(label): \(memo)",
            lines: [.debit(to, amount), .credit(from, amount)], kind: .costTransfer)
    }
}
