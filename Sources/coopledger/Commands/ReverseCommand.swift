import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct ReverseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reverse",
        abstract: "Correct an entry by posting its reversal (the journal is never edited)."
    )

    @Argument(help: "The entry to reverse.")
    var entryID: String
    @Option(help: "Date of the reversal (YYYY-MM-DD), in an open year.")
    var date: String
    @Option(help: "Idempotency key of the reversal entry.")
    var key: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let id = try EntryID(parsing: entryID, field: "entry")
        let day = try Day(parsing: date, field: "date")
        let text = try await Session.run(global, needs: .operation(.reverse)) { session in
            let coop = try await session.coop()
            return try await session.describe(
                try await session.ledger.reverse(id, date: day, key: try ClientKey(key), by: try await session.actingRole(in: coop), in: coop), key: key)
        }
        print(text)
    }
}
