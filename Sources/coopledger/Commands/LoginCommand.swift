import ArgumentParser
import Foundation
import LedgerCore
import LedgerRendering

/// `coopledger login`: a person proves who they are to `serve` and the command line then
/// acts as them, over HTTP, with exactly the rights the API gives them.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to a coopledger server; the command line then acts as you, over HTTP.",
        discussion: """
            The password is asked on a terminal, else read from the first line of standard input. \
            The token the server gives lasts a working day and is kept in $COOPLEDGER_SESSION_FILE, \
            else ~/.config/coopledger/session.json (readable by you only). While signed in, `voucher`, \
            `report` and `whoami` go to the server; commands that work on the database directly are \
            the operator's and are refused. `coopledger logout` ends the token.
            """
    )

    @Option(help: "The server's address, e.g. https://ledger.example (default: $COOPLEDGER_SERVER).")
    var server: String?
    @Option(help: "Your login.")
    var login: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let server = (server ?? Session.environment("COOPLEDGER_SERVER")).map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }),
            server.hasPrefix("http://") || server.hasPrefix("https://")
        else {
            throw ValidationError("--server: the server's http:// or https:// address")
        }
        guard let coop = global.coop ?? Session.environment("COOPLEDGER_COOP") else {
            throw ValidationError("--coop: the cooperative to sign in to")
        }
        let person = try Login(parsing: login, field: "login")
        let password = try ActingPassword.read(for: person)
        let client = RemoteClient(session: RemoteSession(server: server, coop: coop, login: person.rawValue, token: ""))
        let reply = try await client.send("POST", "sessions", json: .object([("login", .string(person.rawValue)), ("password", .string(password))])).object()
        guard let token = reply["token"] as? String else {
            throw RemoteRefusal(status: 0, code: "bad_reply", detail: "the server gave no token")
        }
        try RemoteSession(server: server, coop: coop, login: person.rawValue, token: token).save()
        let roles = (reply["roles"] as? [String] ?? []).joined(separator: ", ")
        let hours = (reply["expires_in"] as? Int ?? 0) / 3600
        print("signed in to \(server) as \(person) in \(coop) (\(roles)) for \(hours) hours; the command line now acts as you there")
    }
}

struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logout", abstract: "End your command-line session: the server revokes its token.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let session = try RemoteSession.active(global) else {
            print("not signed in")
            return
        }
        // A token already ended (expired, revoked) is signed out all the same.
        do {
            _ = try await RemoteClient(session: session).send("DELETE", "sessions/current")
        } catch let refusal as RemoteRefusal where refusal.status == 401 {}
        try RemoteSession.remove()
        print("signed out of \(session.server)")
    }
}

struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Who the command line acts as: the signed-in person, else the operator.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard let session = try RemoteSession.active(global) else {
            print("the operator (direct database access)\(global.user.map { "; --user \($0) acts as that person, proven by their password" } ?? "")")
            return
        }
        let reply = try await RemoteClient(session: session).send("GET", "sessions/current").object()
        let roles = (reply["roles"] as? [String] ?? []).joined(separator: ", ")
        print("\(reply["login"] as? String ?? session.login) in \(session.coop) (\(roles)) at \(session.server)")
    }
}
