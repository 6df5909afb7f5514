import ArgumentParser
import LedgerCore

struct PeriodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period",
        abstract: "Close accounting years.",
        subcommands: [Close.self]
    )

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a year: no entry may be dated in it afterwards.")
        @Option(help: "The year to close.")
        var year: Int
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...9999).contains(year) else { throw ValidationError("--year: \(year): a year is from 1 to 9999") }
        }

        func run() async throws {
            let outcome = try await Session.run(global) { session in
                try await session.ledger.closePeriod(year: year, of: try await session.coop())
            }
            print(outcome == .created ? "closed \(year)" : "\(year) was closed already; nothing written")
        }
    }
}
