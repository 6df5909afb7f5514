/// A product the cooperative sells (piglets, feed): to a member, a dealing that counts as
/// patronage like a purchase from them (law art. 44); to a non-member household, owed on 113
/// 应收款 and kept apart (law art. 41).
public struct Sale: Hashable, Sendable {
    public let buyer: Payee
    public let product: String
    public let quantity: Weight
    public let price: UnitPrice

    public init(member: MemberNumber, product: String, quantity: Weight, price: UnitPrice) throws(LedgerError) {
        try self.init(buyer: .member(member), product: product, quantity: quantity, price: price)
    }

    public init(buyer: Payee, product: String, quantity: Weight, price: UnitPrice) throws(LedgerError) {
        self.buyer = buyer
        self.product = try ProductName.checked(product)
        self.quantity = try quantity.checked(field: "quantity")
        self.price = try price.checked(field: "price")
    }

    /// What the member pays: round(quantity × price), rounded once, in fen.
    public func amount() throws(LedgerError) -> Money {
        // grams × (1/10000 yuan per kg) = 1/10^7 yuan = 1/10^5 fen.
        let numerator = try Rounding.product([quantity.grams, price.tenThousandthsOfYuanPerKilogram], field: "quantity")
        return Money(fen: try Rounding.divide(numerator, by: 100_000, field: "quantity"))
    }

    /// The sale (114 / member ← 501 经营收入) and, when paid at once, its payment as a
    /// second entry (`KEY:paid`, 102 ← 114 / member), so the sale's 114 debit stays whole
    /// and patronage read from the journal is exact.
    public func entries(date: Day, key: ClientKey, paidAtOnce: Bool) throws(LedgerError) -> [JournalEntry] {
        let amount = try amount()
        guard amount.fen > 0 else {
            throw LedgerError(.zeroAmount, field: "quantity-kg", value: quantity.description, rule: "the sale comes to less than a fen")
        }
        let (owedOn, member, who, buyerText): (AccountCode, MemberNumber?, String, String) =
            switch buyer {
            case .member(let number): (.memberCurrentAccounts, number, "销售给成员", "成员\(number)")
            case .household(let number): (.receivables, nil, "销售给非成员农户", "非成员农户\(number)")
            }
        let memo = "\(who) \(product)，\(buyerText)：\(quantity) 公斤 × \(price) 元/公斤"
        var entries = [
            try JournalEntry(
                key: key.rawValue, date: date, memo: memo,
                lines: [
                    .debit(owedOn, member: member, amount), .credit(AccountCode.operatingRevenue, amount),
                ], kind: .sale)
        ]
        if paidAtOnce {
            entries.append(
                try JournalEntry(
                    key: SystemKey.payment(of: key), date: date, memo: "收到销售款 \(buyerText)",
                    lines: [
                        .debit(AccountCode.bankDeposits, amount), .credit(owedOn, member: member, amount),
                    ], kind: .salePayment))
        }
        return entries
    }
}
