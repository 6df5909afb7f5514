import ArgumentParser
import LedgerCore
import LedgerRendering

struct PeriodCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "period",
        abstract: "Close months (结账) and years; reopen a month.",
        subcommands: [Close.self, Reopen.self]
    )

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a month, or a year that has nothing to distribute: nothing may be dated in or before it afterwards.",
            discussion: """
                --month YYYY-MM: months of a year close in order (an earlier month with entries first); an \
                approver or admin closes them. December closes with its year. \
                --year Y: years close in order. The year's profit and loss close into 331 and 332 未分配盈余 (a loss \
                carries forward). A year with a distributable surplus closes by its distribution run instead \
                (dividend post). Reopen a year by reversing its run (dividend reverse --year Y).
                """
        )
        @Option(help: "The year to close.")
        var year: Int?
        @Option(help: ArgumentHelp("The month to close, YYYY-MM.", valueName: "month"))
        var month: String?
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (year == nil) != (month == nil) else { throw ValidationError("give --year or --month, one of them") }
            if let year, !(1...9999).contains(year) { throw ValidationError("--year: \(year): a year is from 1 to 9999") }
        }

        func run() async throws {
            if let month {
                let month = try CalendarMonth(parsing: month)
                // The ledger asks for an approver or admin (Ledger.closingMonths).
                let outcome = try await Session.run(global, needs: .operation(.closeMonth)) { session in
                    try await session.ledger.closeMonth(month, of: try await session.coop())
                }
                print(outcome == .created ? "closed \(month)" : "\(month) was closed already; nothing written")
                return
            }
            let year = year ?? 0
            let outcome = try await Session.run(global, needs: .operation(.closeYear)) { session in
                try await session.ledger.closeYear(year, of: try await session.coop())
            }
            print(outcome == .created ? "closed \(year)" : "\(year) was closed already; nothing written")
        }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reopen a closed month for a correction (the latest closed month of its year first).",
            discussion: "Years reopen only by reversing their run (dividend reverse --year Y)."
        )
        @Option(help: ArgumentHelp("The month to reopen, YYYY-MM.", valueName: "month"))
        var month: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let month = try CalendarMonth(parsing: month)
            let reopened = try await Session.run(global, needs: .operation(.closeMonth)) { session in
                try await session.ledger.reopenMonth(month, of: try await session.coop())
            }
            print(reopened ? "reopened \(month)" : "\(month) was open; nothing written")
        }
    }
}
