import LedgerCore
import Postgres

public struct SaleRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// Records the sale's quantity and price beside the entry that booked it.
    public func insert(_ sale: Sale, entry: EntryID) throws {
        try connection.query(
            """
            INSERT INTO sales (coop_id, entry_id, member_no, household_no, product, quantity_g, unit_price, amount_fen)
            VALUES (\(coop.rawValue), \(entry.value), \(sale.buyer.member?.value), \(sale.buyer.household?.value), \(sale.product), \(sale.quantity.grams),
                    \(sale.price.tenThousandthsOfYuanPerKilogram), \(try sale.amount().fen))
            ON CONFLICT (coop_id, entry_id) DO NOTHING
            """)
    }
}
