import ArgumentParser
import EmbeddedPostgres
import LedgerCore
import LedgerService

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the sample cooperative (a pig-breeding cooperative in Baiyin, Gansu) and print its books.",
        discussion: "Safe to run twice: the second run writes nothing and prints the same books."
    )

    @Flag(help: "Drop the embedded database first and start from nothing.")
    var reset = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if reset && Session.explicitURL(global) != nil {
            throw ValidationError("--reset drops the whole database, so it works on the embedded cluster only")
        }
    }

    func run() async throws {
        if reset {
            let cluster = EmbeddedCluster.fromEnvironment()
            try cluster.start(progress: Session.progress)
            try cluster.resetDatabase()
        }
        let balance = try await Session.run(global) { session in
            let posted = try await SampleCooperative.load(into: session.ledger)
            Session.progress(posted == 0
                ? "sample cooperative \(SampleCooperative.code) already loaded; nothing written"
                : "loaded sample cooperative \(SampleCooperative.code): \(posted) entries posted")
            return try await session.ledger.trialBalance(of: SampleCooperative.code, asOf: try Day.lastDay(ofYear: SampleCooperative.year))
        }
        if global.format == .text {
            print("\(SampleCooperative.name) (\(SampleCooperative.code)), \(SampleCooperative.year)\n")
        }
        print(balance.rendered(as: global.format))
    }
}
