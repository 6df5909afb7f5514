import Foundation
import LedgerCore

/// A person signed in on the command line (`coopledger login`): the server, the cooperative
/// and the token the server gave them. Commands that have an API route then talk to `serve`
/// over HTTP with that token, and can do exactly what the API lets the person do; commands
/// that work on the database directly are the operator's and are refused meanwhile.
///
/// Kept in `$COOPLEDGER_SESSION_FILE`, else `$XDG_CONFIG_HOME/coopledger/session.json`
/// (`~/.config/…`), readable by its owner only; or given as `$COOPLEDGER_SERVER` with
/// `$COOPLEDGER_TOKEN` (and `--coop` or `$COOPLEDGER_COOP`) for scripts.
struct RemoteSession: Codable, Equatable {
    var server: String
    var coop: String
    var login: String
    var token: String

    /// The session commands use, if any. `--database-url` given on the command line means
    /// the operator's direct access, signed in or not.
    static func active(_ options: GlobalOptions) throws -> RemoteSession? {
        guard options.databaseURL == nil else { return nil }
        let session = try stored(options)
        if let session, options.user != nil {
            throw LedgerError(
                .invalidValue, field: "user", value: options.user,
                rule: "signed in to \(session.server): the server knows who you are; --user is for the operator's direct database access")
        }
        return session
    }

    private static func stored(_ options: GlobalOptions) throws -> RemoteSession? {
        if let server = Session.environment("COOPLEDGER_SERVER") {
            guard let token = Session.environment("COOPLEDGER_TOKEN") else {
                throw LedgerError(
                    .invalidValue, field: "COOPLEDGER_TOKEN",
                    rule: "COOPLEDGER_SERVER needs a token too (from `coopledger login`, or an admin's `token create`)")
            }
            guard let coop = options.coop ?? Session.environment("COOPLEDGER_COOP") else {
                throw LedgerError(.invalidValue, field: "coop", rule: "name the cooperative with --coop or COOPLEDGER_COOP")
            }
            return RemoteSession(server: server, coop: coop, login: "", token: token)
        }
        guard let data = FileManager.default.contents(atPath: try file()) else { return nil }
        guard var stored = try? JSONDecoder().decode(RemoteSession.self, from: data) else {
            throw LedgerError(.invalidValue, field: "session", value: try file(), rule: "not a coopledger session; sign in again with `coopledger login`")
        }
        if let coop = options.coop, coop != stored.coop {
            throw LedgerError(
                .unknownCooperative, field: "coop", value: coop,
                rule: "signed in to \(stored.coop) only; `coopledger login --coop \(coop)` to work there")
        }
        stored.server = stored.server.hasSuffix("/") ? String(stored.server.dropLast()) : stored.server
        return stored
    }

    /// Writes the session readable by its owner only (the token is the person's proof).
    func save() throws {
        let path = try Self.file()
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try JSONEncoder().encode(self)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw LedgerError(.invalidValue, field: "session", value: path, rule: "cannot write this file")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: data)
        try handle.close()
    }

    static func remove() throws {
        let path = try file()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
    }

    static func file() throws -> String {
        if let path = Session.environment("COOPLEDGER_SESSION_FILE") { return path }
        if let config = Session.environment("XDG_CONFIG_HOME") { return config + "/coopledger/session.json" }
        guard let home = Session.environment("HOME") else {
            throw LedgerError(.invalidValue, field: "HOME", rule: "set HOME or COOPLEDGER_SESSION_FILE to keep the session")
        }
        return home + "/.config/coopledger/session.json"
    }
}
