import ArgumentParser
import EmbeddedPostgres

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL cluster under $COOPLEDGER_HOME (default ./.coopledger).",
        subcommands: [Start.self, Stop.self, Status.self, URL.self]
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
}
