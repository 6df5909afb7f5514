import ArgumentParser
import EmbeddedPostgres
import Foundation
import LedgerService
import LedgerStore

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster under $COOPLEDGER_HOME (default ./.coopledger), and the login `serve` connects as.",
        subcommands: [Start.self, Stop.self, Status.self, URL.self, ServiceLoginCommand.self]
    )

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the cluster if needed and start it.")
        func run() throws {
            let cluster = EmbeddedCluster.fromEnvironment()
            let wasRunning = try cluster.status() == .running
            try cluster.start(progress: Session.progress)
            print(wasRunning ? "already running: \(cluster.url)" : "started: \(cluster.url)")
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster.")
        func run() throws {
            print(try EmbeddedCluster.fromEnvironment().stop() ? "stopped" : "not running")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the cluster exists and runs.")
        func run() throws {
            let cluster = EmbeddedCluster.fromEnvironment()
            print("\(try cluster.status().rawValue): \(cluster.home.path)")
        }
    }

    struct URL: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the connection URL (psql \"$(coopledger db url)\").")
        func run() throws {
            print(EmbeddedCluster.fromEnvironment().url)
        }
    }

    struct ServiceLoginCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "service-login",
            abstract: "Make the database login `serve` connects as (the operator's).",
            discussion: """
                The login is a member of coopledger_service: it owns nothing, proves each person with \
                their token, and cannot name anyone as the person acting, turn a rule off, or touch \
                people, roles and tokens. Give `serve` its URL (--database-url). On the embedded \
                database `serve` makes and uses it by itself.
                """
        )

        @Option(help: "The login's name.")
        var login = ServiceLogin.defaultName
        @Flag(help: "Read the login's password from standard input's first line (for a server that asks for one).")
        var passwordStdin = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard login.range(of: "^[a-z_][a-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                throw ValidationError("--login: \(login): a lower-case PostgreSQL name (letters, digits, _)")
            }
            let password = passwordStdin ? readLine(strippingNewline: true) ?? "" : nil
            if let password, password.count < 12 {
                throw ValidationError("--password-stdin: a service login's password has at least 12 characters")
            }
            try await Session.run(global, needs: .operatorOnly) { session in
                try await session.ledger.ensureServiceLogin(login, password: password)
            }
            let embedded = Session.explicitURL(global) == nil
            print("login \(login) is in coopledger_service" + (embedded ? ": \(EmbeddedCluster.fromEnvironment().url(as: login))" : ""))
        }
    }
}
