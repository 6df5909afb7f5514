import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct LeaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lease",
        abstract: "Land-transfer leases (土地流转): households' land rented by the cooperative.",
        subcommands: [Add.self, Accrue.self, Pay.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a lease.")
        @OptionGroup var lessor: HouseholdOptions
        @Option(help: "Area in mu, up to two decimals.")
        var areaMu: String
        @Option(help: "Yearly fee per mu, in yuan.")
        var rate: String
        @Option(help: "First day covered (YYYY-MM-DD).")
        var start: String
        @Option(help: "Last day covered (YYYY-MM-DD); none while it runs on.")
        var end: String?
        @Option(help: "Idempotency key: adding the same lease again with it is a no-op.")
        var key: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let lease = try Lease(
                lessor: try lessor.payee(), area: Area(parsingMu: areaMu, field: "area-mu"),
                yearlyRatePerMu: Money(parsing: rate, field: "rate"), startsOn: Day(parsing: start, field: "start"),
                endsOn: end.map { try Day(parsing: $0, field: "end") }
            )
            let (id, outcome) = try await Session.run(global, needs: .operation(.lease)) { session in
                try await session.ledger.addLease(lease, key: key, in: try await session.coop())
            }
            print(outcome == .created ? "recorded lease \(id)" : "lease \(id) exists already with these terms; nothing written")
        }
    }

    struct Accrue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Post each active lease's fee for a year: round(area × rate × days covered / days in year).")
        @Option(help: "The year.")
        var year: Int
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let summary = try await Session.run(global, needs: .operation(.leaseFees)) { session in
                try await session.describe(try await session.ledger.accrueLeaseFees(year: year, in: try await session.coop()))
            }
            print("land fees \(year): \(summary)")
        }
    }

    struct Pay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pay the land fees accrued for a year (114 member / 102).")
        @Option(help: "The year.")
        var year: Int
        @Option(help: "Payment date (default: 31 December of the year).")
        var date: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let day = try date.map { try Day(parsing: $0, field: "date") } ?? Day.lastDay(ofYear: year)
            let summary = try await Session.run(global, needs: .operation(.leaseFees)) { session in
                try await session.describe(try await session.ledger.payLeaseFees(year: year, date: day, in: try await session.coop()))
            }
            print("land fee payments \(year): \(summary)")
        }
    }
}
