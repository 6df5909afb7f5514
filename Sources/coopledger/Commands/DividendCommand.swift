import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct DividendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dividend",
        abstract: "The yearly surplus distribution (盈余分配, law arts. 42 and 44).",
        subcommands: [Preview.self, Post.self, Reverse.self, Pay.self]
    )

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the year's distribution without writing anything.")
        @Option(help: "The year.")
        var year: Int
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let distribution = try await Session.run(global, needs: .operation(.read)) { session in
                try await session.ledger.previewDistribution(year: year, in: try await session.coop())
            }
            print(distribution.rendered(as: global.format))
        }
    }

    struct Post: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Post the year's distribution and close the year (once per year).")
        @Option(help: "The year.")
        var year: Int
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (run, vouchers) = try await Session.run(global, needs: .operation(.distribution)) { session in
                let coop = try await session.coop()
                let run = try await session.ledger.postDistribution(year: year, in: coop)
                return (run, try await session.ledger.voucherRanges(of: run, in: coop))
            }
            if global.format == .text {
                print("posted the \(year) distribution as run \(run.id) (vouchers \(vouchers.map(\.description).joined(separator: ", "))); \(year) is closed\n")
            }
            print(run.distribution.rendered(as: global.format))
        }
    }

    struct Reverse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reverse the year's posted run and reopen the year for a corrected post.")
        @Option(help: "The year.")
        var year: Int
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let run = try await Session.run(global, needs: .operation(.distribution)) { session in
                try await session.ledger.reverseDistribution(year: year, in: try await session.coop())
            }
            print("reversed run \(run.id) of \(year); \(year) is open again")
        }
    }

    struct Pay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pay out the year's refunds and residual (221/222 → 102), or convert them into capital (→ 301).")
        @Option(help: "The year of the run.")
        var year: Int
        @Option(help: "One member only (default: every member with a share).")
        var member: String?
        @Option(help: "Payment date (YYYY-MM-DD).")
        var date: String
        @Flag(help: "Convert into share capital instead of paying cash (law art. 44).")
        var intoCapital = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let number = try member.map { try MemberNumber(parsing: $0, field: "member") }
            let day = try Day(parsing: date, field: "date")
            let summary = try await Session.run(global, needs: .operation(.distribution)) { session in
                try await session.describe(
                    try await session.ledger.payDistribution(year: year, member: number, date: day, convertToCapital: intoCapital, in: try await session.coop())
                )
            }
            print("\(year) distribution \(intoCapital ? "converted into capital" : "paid"): \(summary)")
        }
    }
}
