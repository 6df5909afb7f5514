import ArgumentParser
import LedgerCore
import LedgerService

struct CoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coop",
        abstract: "Create and list cooperatives.",
        subcommands: [Create.self, List.self, Show.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a cooperative with the 2022 chart of accounts.")

        @Argument(help: "Short code: lower-case letters, digits and dashes (e.g. baiyin-pig).")
        var code: String
        @Option(help: "The cooperative's registered name.")
        var name: String
        @Option(help: "Statutory reserve (盈余公积) drawn from the surplus.")
        var reserveRate = "10%"
        @Option(help: "Share of the distributable surplus returned by patronage (at least 60%).")
        var patronageShare = "60%"
        @Option(help: "Share distributed by capital contribution.")
        var capitalShare = "40%"
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let coop = try Cooperative(
                code: CoopCode(parsing: code, field: "code"), name: name,
                settings: CharterSettings(
                    reserveRate: BasisPoints(parsingPercent: reserveRate, field: "reserve-rate"),
                    patronageShare: BasisPoints(parsingPercent: patronageShare, field: "patronage-share"),
                    capitalShare: BasisPoints(parsingPercent: capitalShare, field: "capital-share")
                )
            )
            let outcome = try await Session.run(global) { try await $0.ledger.createCooperative(coop) }
            print(outcome == .created ? "created cooperative \(coop.code) (\(coop.name))" : "cooperative \(coop.code) exists already with these settings; nothing written")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cooperatives in this database.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let coops = try await Session.run(global) { try await $0.ledger.cooperatives() }
            print(CooperativeRendering.render(coops, as: global.format))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one cooperative and its charter settings.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let coop = try await Session.run(global) { session in
                try await session.ledger.cooperative(try await session.coop())
            }
            print(CooperativeRendering.render([coop], as: global.format))
        }
    }
}
