import ArgumentParser
import LedgerCore
import LedgerRendering

struct PeriodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period",
        abstract: "Close accounting years.",
        subcommands: [Close.self]
    )

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a year that has nothing to distribute: no entry may be dated in or before it afterwards.",
            discussion: """
                Years close in order. The year's profit and loss close into 331 and 332 未分配盈余 (a loss \
                carries forward). A year with a distributable surplus closes by its distribution run instead \
                (dividend post). Reopen a year by reversing its run (dividend reverse --year Y).
                """
        )
        @Option(help: "The year to close.")
        var year: Int
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...9999).contains(year) else { throw ValidationError("--year: \(year): a year is from 1 to 9999") }
        }

        func run() async throws {
            let outcome = try await Session.run(global) { session in
                try await session.ledger.closeYear(year, of: try await session.coop())
            }
            print(outcome == .created ? "closed \(year)" : "\(year) was closed already; nothing written")
        }
    }
}
