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
        try connection.query(
            """
            INSERT INTO purchases (coop_id, entry_id, member_no, household_no, product, quantity_g, market_price, price_date,
                                   price_source, premium_bp, market_value_fen, amount_fen)
            VALUES (\(coop.rawValue), \(entry.value), \(purchase.seller.member?.value), \(purchase.seller.household?.value), \(purchase.product), \(purchase.quantity.grams),
                    \(purchase.marketPrice.tenThousandthsOfYuanPerKilogram), \(purchase.priceDate), \(purchase.priceSource),
                    \(purchase.premium.value), \(try purchase.marketValue().fen), \(try purchase.amount().fen))
            ON CONFLICT (coop_id, entry_id) DO NOTHING
            """)
    }
}
