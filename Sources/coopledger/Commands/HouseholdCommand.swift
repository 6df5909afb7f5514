import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct HouseholdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "household",
        abstract: "Households the cooperative deals with that are not members (a member is a household with a member number).",
        discussion: """
            A non-member household has a number of its own, H1, H2, …: it sells to the cooperative, \
            rents it land or works for it, and its dealings are kept apart from members' (law art. 41; \
            no patronage refund). The district counts it among the households the cooperative reaches.
            """,
        subcommands: [Add.self, List.self, Show.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a household; prints its number.",
            discussion: "With --id-number it is one identity: adding it again with the same details gives its number back."
        )
        @Option(help: "Head of household's full name.")
        var name: String
        @Option(help: "Head of household's national ID number (stored; shown masked).")
        var idNumber: String?
        @Option(help: "Village (村).")
        var village: String?
        @Option(help: "none, lifted (脱贫户) or monitored (防止返贫监测对象).")
        var poverty = "none"
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let details = try HouseholdDetails(name: name, idNumber: idNumber, village: village, poverty: Poverty(parsing: poverty, field: "poverty"))
            let (number, outcome) = try await Session.run(global, needs: .operation(.addHousehold)) { session in
                try await session.ledger.addHousehold(details, in: try await session.coop())
            }
            if global.format == .json {
                print(JSONValue.object([("household", .string(number.description))]).rendered)
            } else {
                print(
                    outcome == .created ? "added household \(number) \(details.name)" : "household \(number) exists already with these details; nothing written"
                )
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the non-member households.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let households = try await Session.run(global, needs: .operation(.read)) { session in
                try await session.ledger.households(of: try await session.coop())
            }
            print(HouseholdRendering.render(households, as: global.format))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one household.")
        @Argument(help: "The household's number, H3.")
        var household: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let number = try HouseholdNumber(parsing: household, field: "household")
            let found = try await Session.run(global, needs: .operation(.read)) { session in
                try await session.ledger.household(number, in: try await session.coop())
            }
            print(global.format == .json ? HouseholdRendering.json(found).rendered : HouseholdRendering.render([found], as: global.format))
        }
    }
}
