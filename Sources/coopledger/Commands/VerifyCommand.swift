import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the journal's hash chain and the chain of the cooperative's records; exit 1 naming what does not match.",
        discussion:
            "The records: settings, members, households, contracts, the evidence behind entries, the chart, vouchers, runs, people and roles; each row is compared with the last image its chain holds, so an edit made with the triggers disabled is found."
    )

    @Option(help: ArgumentHelp("A chain head recorded earlier (printed on every statement); it must still be in the chain.", valueName: "hex"))
    var head: String?
    @Option(
        help: ArgumentHelp(
            "A period events head recorded earlier (printed beside the chain head); it must still be among the closing and reopening events.", valueName: "hex")
    )
    var periodHead: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        for (option, value) in [("--head", head), ("--period-head", periodHead)] {
            if let value, value.count != 64 || !value.allSatisfy(\.isHexDigit) {
                throw ValidationError("\(option): \(value): a chain head is 64 hexadecimal digits")
            }
        }
    }

    func run() async throws {
        let meter = ProgressMeter(totalBytes: nil)
        let start = ContinuousClock.now
        let (coop, verdict, records) = try await Session.run(global, needs: .operation(.read), connections: 2) { session in
            let coop = try await session.coop()
            defer { meter.finish() }
            // Two connections: the records' chain is checked beside the journal's (verifyBooks).
            let verdicts = try await session.ledger.verifyBooks(of: coop, anchor: head?.lowercased(), periodAnchor: periodHead?.lowercased()) {
                checked in meter.reportChecked(checked, since: start)
            }
            return (coop, verdicts.journal, verdicts.records)
        }
        guard case .intact(let head) = verdict else {
            if case .broken(let entry, let chainSeq, let reason) = verdict {
                throw LedgerError(.invalidValue, field: "entry", value: String(entry), rule: "the hash chain breaks here (link \(chainSeq)): \(reason)")
            }
            return
        }
        guard case .intact(let changes, let recordHead) = records else {
            if case .broken(let problems) = records {
                throw LedgerError(.invalidValue, field: "records", rule: "the chain of records does not match: " + problems.joined(separator: "; "))
            }
            return
        }
        if global.format == .json {
            print(
                JSONValue.object([
                    ("coop", .string(coop.rawValue)), ("intact", .bool(true)), ("entries", .integer(head.entries)), ("head", .string(head.hash)),
                    ("records", .object([("changes", .integer(changes)), ("head", .string(recordHead))])),
                ]).rendered)
        } else {
            print("\(coop): journal intact: \(head.entries) entries checked, chain head \(head.hash)")
            print("\(coop): records intact: \(changes) changes checked, record head \(recordHead)")
        }
    }
}
