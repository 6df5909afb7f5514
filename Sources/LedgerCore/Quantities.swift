/// Land area in hundredths of a mu (亩).
public struct Area: Hashable, Sendable, CustomStringConvertible {
    public let hundredthsOfMu: Int64

    public init(hundredthsOfMu: Int64) { self.hundredthsOfMu = hundredthsOfMu }

    /// Mu with at most two decimals, positive: `12.5`.
    public init(parsingMu text: String, field: String) throws(LedgerError) {
        let value = try DecimalText.parse(text, decimals: 2, field: field, allowsNegative: false, example: "12.5")
        guard value > 0 else { throw LedgerError(.invalidValue, field: field, value: text, rule: "an area is more than zero") }
        self.hundredthsOfMu = value
    }

    public var description: String { DecimalText.format(hundredthsOfMu, decimals: 2) }
}

/// A produce quantity in grams, shown as kg with three decimals.
public struct Weight: Hashable, Sendable, CustomStringConvertible {
    public let grams: Int64

    /// Refuses a quantity that is not more than zero or over `Limits.quantityMax`.
    public func checked(field: String) throws(LedgerError) -> Weight {
        guard grams > 0, grams <= Limits.quantityMax.grams else {
            throw LedgerError(.invalidValue, field: field, value: description, rule: "a quantity is more than zero and at most \(Limits.quantityMax) kg")
        }
        return self
    }

    public init(grams: Int64) { self.grams = grams }

    /// Kilograms with at most three decimals, positive: `9600` or `12.345`.
    public init(parsingKilograms text: String, field: String) throws(LedgerError) {
        let value = try DecimalText.parse(text, decimals: 3, field: field, allowsNegative: false, example: "9600 or 12.345")
        guard value > 0 else { throw LedgerError(.invalidValue, field: field, value: text, rule: "a quantity is more than zero") }
        self.grams = value
    }

    public var description: String { DecimalText.format(grams, decimals: 3) }
}

/// A unit price in 1/10000 yuan per kg.
public struct UnitPrice: Hashable, Sendable, CustomStringConvertible {
    public let tenThousandthsOfYuanPerKilogram: Int64

    /// Refuses a price that is not more than zero or over `Limits.unitPriceMax`.
    public func checked(field: String) throws(LedgerError) -> UnitPrice {
        guard tenThousandthsOfYuanPerKilogram > 0, tenThousandthsOfYuanPerKilogram <= Limits.unitPriceMax.tenThousandthsOfYuanPerKilogram else {
            throw LedgerError(.invalidValue, field: field, value: description, rule: "a price is more than zero and at most \(Limits.unitPriceMax) yuan per kg")
        }
        return self
    }

    public init(tenThousandthsOfYuanPerKilogram value: Int64) { self.tenThousandthsOfYuanPerKilogram = value }

    /// Yuan per kg with at most four decimals, positive: `2.6` or `2.6125`.
    public init(parsingYuanPerKilogram text: String, field: String) throws(LedgerError) {
        let value = try DecimalText.parse(text, decimals: 4, field: field, allowsNegative: false, example: "2.6125")
        guard value > 0 else { throw LedgerError(.invalidValue, field: field, value: text, rule: "a price is more than zero") }
        self.tenThousandthsOfYuanPerKilogram = value
    }

    public var description: String { DecimalText.format(tenThousandthsOfYuanPerKilogram, decimals: 4) }
}
