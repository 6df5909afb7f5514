import ArgumentParser
import EmbeddedPostgres
import Postgres

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the numbered migrations of sql/ that the database lacks (safe to re-run)."
    )

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let url = try Session.explicitURL(global) ?? EmbeddedCluster.fromEnvironment().start(progress: Session.progress)
        let migrator = try Session.migrator()
        let applied = try migrator.apply(on: Connection(url: url))
        if applied.isEmpty {
            print("schema up to date (\(migrator.migrations.count) migrations); nothing applied")
        } else {
            for migration in applied { print("applied \(migration.fileName)") }
        }
    }
}
