import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct SubsidyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subsidy",
        abstract: "State subsidies and donations into 311 专项基金, quantified to members.",
        subcommands: [Add.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book a subsidy or donation (102 / 311) and quantify it to the members on that day.",
            discussion: """
                Shares are equal (平均量化) unless --by capital; the largest-remainder method makes them add \
                up to the amount to the fen, ties going to the lower member number. Each share is a line \
                on the member's 311 account and counts in the capital pool's weight of later runs.
                """
        )
        enum Source: String, ExpressibleByArgument, CaseIterable {
            case state, donation
        }
        enum By: String, ExpressibleByArgument, CaseIterable {
            case equal, capital
        }
        @Option(help: "Amount in yuan.")
        var amount: String
        @Option(help: "state (国家财政直接补助) or donation (接受捐赠).")
        var source: Source
        @Option(help: "How to quantify: equal (default) or capital.")
        var by: By = .equal
        @Option(help: "Booking date (YYYY-MM-DD); the members on that day get shares.")
        var date: String
        @Option(help: "Idempotency key.")
        var key: String
        @Option(help: "What it is for, e.g. the programme's name.")
        var memo = ""
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let subsidy = try Subsidy(
                amount: Money(parsing: amount, field: "amount"), source: source == .state ? .state : .donation,
                quantification: by == .equal ? .equal : .capital, memo: memo
            )
            let day = try Day(parsing: date, field: "date")
            let (text, members) = try await Session.run(global, needs: .operation(.subsidy)) { session in
                let (outcome, members) = try await session.ledger.addSubsidy(subsidy, date: day, key: try ClientKey(key), in: try await session.coop())
                return (try await session.describe(outcome, key: key), members)
            }
            print(text)
            if global.format == .text { print("quantified to \(members) members") }
        }
    }
}
