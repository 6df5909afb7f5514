import ArgumentParser
import EmbeddedPostgres
import Foundation
import LedgerCore
import LedgerStore // MigrationError: the schema is the one store concern the CLI handles itself (migrate)
import LedgerRendering
import LedgerService
import Postgres

/// The contract's exit codes, and the one-line error on stderr.
enum Failure: Int32 {
    case refused = 1
    case usage = 2
    case databaseUnreachable = 3

    /// Prints the error (one line, or `{"error":{"code","message"}}`) and gives its exit code.
    static func report(_ error: any Error, asJSON: Bool) -> Failure {
        if let refused = error as? ImportRefused {
            FileHandle.standardError.write(Data((ImportRendering.errors(refused, as: asJSON ? .json : .text) + "\n").utf8))
            return .refused
        }
        guard let (failure, code, detail) = classify(error) else {
            // Help, version, and usage errors: ArgumentParser prints them, in its own words.
            if CoopLedger.exitCode(for: error) == .success { CoopLedger.exit(withError: error) }
            FileHandle.standardError.write(Data((CoopLedger.fullMessage(for: error) + "\n").utf8))
            return .usage
        }
        // One line, whatever the source said (libpq's messages span lines).
        let message = detail.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let line =
            asJSON
            ? JSONValue.object([("error", .object([("code", .string(code)), ("message", .string(message))]))]).rendered
            : "coopledger: " + message
        FileHandle.standardError.write(Data((line + "\n").utf8))
        return failure
    }

    static func wantsJSON(_ arguments: [String]) -> Bool {
        arguments.contains("--format=json") || zip(arguments, arguments.dropFirst()).contains { $0 == "--format" && $1 == "json" }
    }

    /// The exit code, stable error code and message of errors coopledger itself raises.
    static func classify(_ error: any Error) -> (Failure, String, String)? {
        switch error {
        case let refusal as LedgerError:
            return (.refused, refusal.code.rawValue, refusal.description)
        case let refusal as ImportError:
            return (.refused, "invalid_input", refusal.description)
        case let refusal as RemoteRefusal:
            return (.refused, refusal.code, refusal.description)
        case let unreachable as RemoteUnreachable:
            return (.databaseUnreachable, "server_unreachable", unreachable.description)
        case let cluster as EmbeddedClusterError:
            return (.databaseUnreachable, "database_unreachable", "embedded database: \(cluster.description)")
        case let migration as MigrationError:
            return (.refused, "migration", migration.description)
        case let database as PostgresError where database.isConnectionFailure:
            // libpq's connection messages name the host and socket, never data: safe to show.
            return (.databaseUnreachable, "database_unreachable", "cannot reach the database: \(database.message)")
        case let database as PostgresError:
            return (.refused, "database_error", "the database refused the request (\(database.description))")
        default:
            return nil
        }
    }
}
