import ArgumentParser
import EmbeddedPostgres
import LedgerCore
import LedgerRendering
import LedgerService
import SampleBooks

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
        let (balance, run, benefits) = try await Session.run(global, needs: .operatorOnly) { session in
            let posted = try await SampleCooperative.load(into: session.ledger)
            Session.progress(
                posted == 0
                    ? "sample cooperative \(SampleCooperative.code) already loaded; nothing written"
                    : "loaded sample cooperative \(SampleCooperative.code): \(posted) writes")
            let balance = try await session.ledger.trialBalance(of: SampleCooperative.code, asOf: try Day.lastDay(ofYear: SampleCooperative.year))
            var request = ReportRequest(name: .benefits)
            request.year = SampleCooperative.year
            let benefits = try await session.ledger.benefits(request, today: try Today.day(), in: SampleCooperative.code)
            return (balance, try await session.ledger.postedDistribution(year: SampleCooperative.year, in: SampleCooperative.code), benefits)
        }
        switch global.format {
        case .json:
            print(
                JSONValue.object([
                    ("trial_balance", balance.json), ("distribution", run?.distribution.json ?? .null),
                    ("benefits", try BenefitRendering.json(benefits)),
                ]).rendered)
        case .text, .csv, .html:
            print("\(SampleCooperative.name) (\(SampleCooperative.code)), \(SampleCooperative.year)\n")
            print(balance.text)
            if let run {
                print("\n盈余及盈余分配表 surplus and distribution, \(SampleCooperative.year) (run \(run.id))\n")
                print(run.distribution.text)
            }
            // What the cooperative is for: member 2, a poor household, and all households' totals.
            let member = benefits.filtered { $0.member == SampleCooperative.showcaseMember }
            print("\n农户受益情况 what households gained, \(SampleCooperative.year)\n")
            print(try BenefitsStatement.build(member, coopName: SampleCooperative.name, language: .zh).rendered(as: .text))
            let totals = try benefits.totals()
            print(
                "all \(benefits.householdsReached) households (\(benefits.poorHouseholdsReached) poor, \(benefits.personsEmployed) employed): "
                    + "total \(try totals.total().grouped), of which wages \(totals.wages.grouped); `coopledger report benefits` lists each")
            print(
                "\nworkbench: run `coopledger serve`, open http://127.0.0.1:8080/ and sign in as \(SampleCooperative.signIns)"
                    + " with the password \(SampleCooperative.demoPassword)")
        }
    }
}
