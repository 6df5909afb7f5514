import ArgumentParser
import Foundation
import LedgerCore
import LedgerService

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a statement of the books."
    )

    enum Name: String, ExpressibleByArgument, CaseIterable {
        case trialBalance = "trial-balance"
    }

    @Argument(help: "The report: \(Name.allCases.map(\.rawValue).joined(separator: ", ")).")
    var name: Name
    @Option(help: "Balances at the end of this year.")
    var year: Int?
    @Option(help: "Balances at the end of this day (YYYY-MM-DD).")
    var asOf: String?
    @Option(help: "Write to this file instead of standard output.")
    var output: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if year != nil && asOf != nil { throw ValidationError("give --year or --as-of, not both") }
    }

    func run() async throws {
        let day = try asOf.map { try Day(parsing: $0, field: "as-of") } ?? year.map { try Day.lastDay(ofYear: $0) }
        let balance = try await Session.run(global) { session in
            try await session.ledger.trialBalance(of: try await session.coop(), asOf: day)
        }
        let text = balance.rendered(as: global.format)
        if let output {
            do {
                try (text + "\n").write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw LedgerError(.invalidValue, field: "output", value: output, rule: "cannot write this file (\(error.localizedDescription))")
            }
        } else {
            print(text)
        }
    }
}
