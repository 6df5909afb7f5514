import LedgerCore
import Postgres

public struct PurchaseRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Records the purchase's terms beside the entry that booked it.
    public func insert(_ purchase: Purchase, entry: EntryID) throws {
        try connection.query("""
            INSERT INTO purchases (coop_id, entry_id, member_no, product, quantity_g, market_price, price_date,
                                   price_source, premium_bp, market_value_fen, amount_fen)
            VALUES (\(coop.rawValue), \(entry.value), \(purchase.member.value), \(purchase.product), \(purchase.quantity.grams),
                    \(purchase.marketPrice.tenThousandthsOfYuanPerKilogram), \(purchase.priceDate), \(purchase.priceSource),
                    \(purchase.premium.value), \(try purchase.marketValue().fen), \(try purchase.amount().fen))
            ON CONFLICT (coop_id, entry_id) DO NOTHING
            """)
    }
}

public struct SaleRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Records the sale's quantity and price beside the entry that booked it.
    public func insert(_ sale: Sale, entry: EntryID) throws {
        try connection.query("""
            INSERT INTO sales (coop_id, entry_id, member_no, product, quantity_g, unit_price, amount_fen)
            VALUES (\(coop.rawValue), \(entry.value), \(sale.member.value), \(sale.product), \(sale.quantity.grams),
                    \(sale.price.tenThousandthsOfYuanPerKilogram), \(try sale.amount().fen))
            ON CONFLICT (coop_id, entry_id) DO NOTHING
            """)
    }
}

public struct ContributionRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func insert(member: MemberNumber, source: ContributionSource, entry: EntryID) throws {
        try connection.query("""
            INSERT INTO contributions (coop_id, entry_id, member_no, source)
            VALUES (\(coop.rawValue), \(entry.value), \(member.value), \(source.rawValue))
            ON CONFLICT (coop_id, entry_id) DO NOTHING
            """)
    }
}
