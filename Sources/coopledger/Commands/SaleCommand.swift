import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct SaleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sale",
        abstract: "A product sold (piglets, feed): to a member 114 / member ← 501, counted as patronage; to a non-member household 113 ← 501.",
        discussion: "amount = round(quantity × price). With --paid, a second entry KEY:paid books the payment (102 ← 114 / member, or 113)."
    )
    @OptionGroup var buyer: HouseholdOptions
    @Option(help: "What is sold, e.g. piglets.")
    var product: String
    @Option(help: "Quantity in kg, up to three decimals.")
    var quantityKg: String
    @Option(help: "Price in yuan per kg, up to four decimals.")
    var price: String
    @Option(help: "Booking date (YYYY-MM-DD).")
    var date: String
    @Option(help: "Idempotency key.")
    var key: String
    @Flag(help: "Paid at once into the bank (otherwise owed on the member's 114 account, or a household's 113).")
    var paid = false
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let sale = try Sale(
            buyer: try buyer.payee(), product: product,
            quantity: Weight(parsingKilograms: quantityKg, field: "quantity-kg"),
            price: UnitPrice(parsingYuanPerKilogram: price, field: "price")
        )
        let day = try Day(parsing: date, field: "date")
        let text = try await Session.run(global, needs: .operation(.sale)) { session in
            try await session.describe(
                try await session.ledger.sell(sale, date: day, key: try ClientKey(key), paidAtOnce: paid, in: try await session.coop()), key: key)
        }
        print(text)
    }
}
