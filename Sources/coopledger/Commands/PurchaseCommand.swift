import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct PurchaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purchase",
        abstract: "Produce bought above the market price (定向收购), from members or from non-member households.",
        subcommands: [Record.self, Import.self],
        defaultSubcommand: Record.self
    )

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Book one purchase: amount = round(quantity × market price × (1 + premium))."
        )
        @OptionGroup var seller: HouseholdOptions
        @Option(help: "What is bought, e.g. corn.")
        var product: String
        @Option(help: "Quantity in kg, up to three decimals.")
        var quantityKg: String
        @Option(help: "Market reference price in yuan per kg, up to four decimals.")
        var marketPrice: String
        @Option(help: "Day the market price was read (default: the purchase date).")
        var priceDate: String?
        @Option(help: "Where the market price comes from.")
        var priceSource: String?
        @Option(help: "Premium over the market price (default: the cooperative's setting, 5%).")
        var premium: String?
        @Option(help: "Booking date (YYYY-MM-DD).")
        var date: String
        @Option(help: "Idempotency key.")
        var key: String
        @Flag(help: "Paid at once from the bank (otherwise owed on the member's 114 account, or a household's 211).")
        var paid = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let day = try Day(parsing: date, field: "date")
            let slip = try PurchaseSlip(
                seller: try seller.payee(), product: product,
                quantity: Weight(parsingKilograms: quantityKg, field: "quantity-kg"),
                marketPrice: UnitPrice(parsingYuanPerKilogram: marketPrice, field: "market-price"),
                priceDate: try priceDate.map { try Day(parsing: $0, field: "price-date") }, priceSource: priceSource,
                premium: try premium.map { try BasisPoints(parsingPercent: $0, field: "premium") }
            )
            let text = try await Session.run(global, needs: .operation(.purchase)) { session in
                try await session.describe(
                    try await session.ledger.purchase(slip, date: day, key: try ClientKey(key), paidAtOnce: paid, in: try await session.coop()), key: key)
            }
            print(text)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book a season of weigh-slips from CSV, all or nothing.",
            discussion: "Columns: key,date,member,product,quantity_kg,market_price[,premium,price_date,price_source,paid]."
        )
        @Argument(help: "The CSV file (UTF-8, optional BOM); - reads standard input.")
        var file: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let meter = ProgressMeter(totalBytes: InputFile.size(of: file))
            let summary = try await Session.run(global, needs: .operation(.purchase)) { session in
                try await session.describe(try await session.ledger.importPurchases(path: file, in: try await session.coop(), progress: meter.report))
            }
            meter.finish()
            print("purchases: \(summary)")
        }
    }
}
