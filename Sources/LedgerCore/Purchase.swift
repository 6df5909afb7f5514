/// Produce bought above the market price (定向收购): from a member (a patronage dealing), or
/// from a household that is not a member (booked to 211 应付款, never patronage: law art. 41).
public struct Purchase: Hashable, Sendable {
    public let seller: Payee
    public let product: String
    public let quantity: Weight
    /// The market reference price, and where and when it was read.
    public let marketPrice: UnitPrice
    public let priceDate: Day
    public let priceSource: String
    /// What the cooperative pays above the market price.
    public let premium: BasisPoints

    public init(member: MemberNumber, product: String, quantity: Weight, marketPrice: UnitPrice, priceDate: Day, priceSource: String, premium: BasisPoints)
        throws(LedgerError)
    {
        try self.init(
            seller: .member(member), product: product, quantity: quantity, marketPrice: marketPrice, priceDate: priceDate, priceSource: priceSource,
            premium: premium)
    }

    public init(seller: Payee, product: String, quantity: Weight, marketPrice: UnitPrice, priceDate: Day, priceSource: String, premium: BasisPoints)
        throws(LedgerError)
    {
        let product = try ProductName.checked(product)
        guard !priceSource.unicodeScalars.contains("\0") else {
            throw LedgerError(.invalidValue, field: "price-source", rule: "text cannot contain NUL characters")
        }
        guard !priceSource.isEmpty, priceSource.unicodeScalars.count <= Limits.nameLengthMax else {
            throw LedgerError(
                .invalidValue, field: "price-source", value: priceSource,
                rule: "say where the market price comes from (1 to \(Limits.nameLengthMax) characters)")
        }
        self.seller = seller
        self.product = product
        self.quantity = try quantity.checked(field: "quantity")
        self.marketPrice = try marketPrice.checked(field: "market-price")
        self.priceDate = priceDate
        self.priceSource = priceSource
        self.premium = premium
    }

    /// What the produce is worth at the market price: round(qty × price), in fen.
    public func marketValue() throws(LedgerError) -> Money {
        // grams × (1/10000 yuan per kg) = 1/10^7 yuan = 1/10^5 fen.
        let numerator = try Rounding.product([quantity.grams, marketPrice.tenThousandthsOfYuanPerKilogram], field: "quantity")
        return Money(fen: try Rounding.divide(numerator, by: 100_000, field: "quantity"))
    }

    /// What the member is paid: round(qty × price × (1 + premium)), rounded once.
    public func amount() throws(LedgerError) -> Money {
        let numerator = try Rounding.product([quantity.grams, marketPrice.tenThousandthsOfYuanPerKilogram, 10_000 + Int64(premium.value)], field: "quantity")
        return Money(fen: try Rounding.divide(numerator, by: 100_000 * 10_000, field: "quantity"))
    }

    /// What the premium put in the member's hands: the amount less the market value.
    public func premiumAmount() throws(LedgerError) -> Money {
        try amount().adding(try marketValue().negated())
    }
}

/// A purchase as a bookkeeper states it (a weigh-slip): what it leaves out takes the
/// defaults, here and nowhere else: the price read on the purchase day, the cooperative's
/// premium.
public struct PurchaseSlip: Sendable {
    public var seller: Payee
    public var product: String
    public var quantity: Weight
    public var marketPrice: UnitPrice
    public var priceDate: Day?
    public var priceSource: String?
    public var premium: BasisPoints?

    public static let priceSourceDefault = "not stated"

    public init(
        member: MemberNumber, product: String, quantity: Weight, marketPrice: UnitPrice,
        priceDate: Day? = nil, priceSource: String? = nil, premium: BasisPoints? = nil
    ) {
        self.init(
            seller: .member(member), product: product, quantity: quantity, marketPrice: marketPrice, priceDate: priceDate, priceSource: priceSource,
            premium: premium)
    }

    public init(
        seller: Payee, product: String, quantity: Weight, marketPrice: UnitPrice,
        priceDate: Day? = nil, priceSource: String? = nil, premium: BasisPoints? = nil
    ) {
        self.seller = seller
        self.product = product
        self.quantity = quantity
        self.marketPrice = marketPrice
        self.priceDate = priceDate
        self.priceSource = priceSource
        self.premium = premium
    }

    /// The purchase bought on `date`, with `defaultPremium` (the cooperative's) unless the slip names one.
    public func purchase(on date: Day, defaultPremium: BasisPoints) throws(LedgerError) -> Purchase {
        try Purchase(
            seller: seller, product: product, quantity: quantity, marketPrice: marketPrice,
            priceDate: priceDate ?? date, priceSource: priceSource ?? Self.priceSourceDefault, premium: premium ?? defaultPremium)
    }
}
