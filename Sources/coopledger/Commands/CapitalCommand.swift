import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct CapitalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capital",
        abstract: "Book a member's capital contribution (出资): 102 / 301 member."
    )

    @Option(help: "The member's number.")
    var member: String
    @Option(help: "Amount in yuan.")
    var amount: String
    @Option(help: "Where it came from: poverty-alleviation (household-level project assets) or other.")
    var source: String = ContributionSource.other.inputName
    @Option(help: "Booking date (YYYY-MM-DD).")
    var date: String
    @Option(help: "Idempotency key.")
    var key: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let number = try MemberNumber(parsing: member, field: "member")
        let money = try Money(parsing: amount, field: "amount")
        let day = try Day(parsing: date, field: "date")
        let text = try await Session.run(global, needs: .operation(.capital)) { session in
            try await session.describe(
                try await session.ledger.contribute(
                    member: number, amount: money, source: try ContributionSource(parsing: source, field: "source"), date: day, key: try ClientKey(key),
                    in: try await session.coop()), key: key)
        }
        print(text)
    }
}
