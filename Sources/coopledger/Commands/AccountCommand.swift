import ArgumentParser
import LedgerRendering
import LedgerService

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "The chart of accounts.",
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cooperative's accounts (2022 chart).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let accounts = try await Session.run(global) { session in
                try await session.ledger.accounts(of: try await session.coop())
            }
            print(AccountRendering.render(accounts, as: global.format))
        }
    }
}
