import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct CostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Carry production costs on to the surplus: consume (121 → 401), finish (401 → 141), sell (141 → 521).",
        discussion: """
            Costs held in 401 生产成本, 121 产品物资 and 141 消耗性生物资产 reach the surplus only when the \
            products are sold. Refused when the account the cost leaves holds less than the amount that day.
            """
    )
    @Argument(help: "consume, finish or sell.")
    var step: CostTransfer.Step
    @Option(help: "Amount in yuan.")
    var amount: String
    @Option(help: "Where finished production is kept: 141 (pigs, default) or 121 (products).")
    var stock = "141"
    @Option(help: "Booking date (YYYY-MM-DD).")
    var date: String
    @Option(help: "Idempotency key.")
    var key: String
    @Option(help: "What was consumed, finished or sold.")
    var memo = ""
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let transfer = try CostTransfer(
            step: step, amount: Money(parsing: amount, field: "amount"),
            stock: AccountCode(parsing: stock, field: "stock"), memo: memo
        )
        let day = try Day(parsing: date, field: "date")
        let text = try await Session.run(global, needs: .operation(.post)) { session in
            try await session.describe(try await session.ledger.carryCost(transfer, date: day, key: try ClientKey(key), in: try await session.coop()), key: key)
        }
        print(text)
    }
}

extension CostTransfer.Step: ExpressibleByArgument {}
