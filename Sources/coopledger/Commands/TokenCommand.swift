import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Bearer tokens for the HTTP API (stored only as a hash).",
        subcommands: [Create.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token and print it once.",
            discussion: """
                --for LOGIN: the token acts as that person, with the roles they hold (now and later). \
                --role: a token of its own kind (a person token-N holding that role; bookkeeper is preparer).
                """
        )
        @Option(name: .customLong("for"), help: ArgumentHelp("The person the token acts as.", valueName: "login"))
        var person: String?
        @Option(help: "auditor (reads), bookkeeper (reads and posts) or admin (everything).")
        var role: Role?
        @Flag(help: "An admin token for every cooperative (instead of --coop).")
        var allCoops = false
        /// --coop (or $COOPLEDGER_COOP) names the cooperative.
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if (person == nil) == (role == nil) { throw ValidationError("give --for LOGIN or --role, one of them") }
            let coop = global.coop ?? Session.environment("COOPLEDGER_COOP")
            if allCoops && coop != nil { throw ValidationError("give --coop or --all-coops, not both") }
            if !allCoops && coop == nil { throw ValidationError("name the cooperative with --coop, or give --all-coops for an admin of all") }
        }

        func run() async throws {
            let code = allCoops ? nil : try (global.coop ?? Session.environment("COOPLEDGER_COOP")).map { try CoopCode(parsing: $0) }
            let login = try person.map { try Login(parsing: $0, field: "for") }
            // A cooperative's admin makes its tokens; a token of every cooperative is the operator's.
            let (id, token) = try await Session.run(global, needs: allCoops ? .operatorOnly : .operation(.makeTokens)) { session in
                if let code { try await session.authorize(.makeTokens, in: code) }
                if let login { return try await session.ledger.createToken(for: login, coop: code) }
                return try await session.ledger.createToken(role: role ?? .auditor, coop: code)
            }
            let actingAs = login.map { "acting as \($0)" } ?? role?.rawValue ?? ""
            Session.progress("token \(id) (\(actingAs), \(code?.rawValue ?? "every cooperative")); it is shown once, keep it secret:")
            print(token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")
        @Argument(help: "The token's id, as `token create` printed it.")
        var id: Int64
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let revoked = try await Session.run(global, needs: .operatorOnly) { try await $0.ledger.revokeToken(id: id) }
            guard revoked else { throw LedgerError(.unknownToken, field: "id", value: String(id), rule: "no live token with this id") }
            print("revoked token \(id)")
        }
    }
}

extension Role: ExpressibleByArgument {}
