import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import SampleBooks
import Synchronization
import Testing
import TestSupport

@Suite struct ExportTests {
    /// Runs a tool to its end; its standard output, or nil with the failure recorded.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func export(_ format: PlainTextFormat, _ ledger: Ledger, coop: CoopCode) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).\(format.rawValue)").path
        let text = Mutex("")
        _ = try await ledger.export(format, of: coop) { chunk in text.withLock { $0 += chunk } }
        try text.withLock { try $0.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }

    func sampleLedger(_ body: (Ledger) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool()
            let ledger = Ledger(pool: pool, logger: .init(label: "test"), actor: .system)
            _ = try await SampleCooperative.load(into: ledger)
            try await body(ledger)
            await pool.close()
        }
    }

    @Test func hledgerBalancesEqualTheTrialBalance() async throws {
        try await sampleLedger { ledger in
            let path = try await export(.hledger, ledger, coop: SampleCooperative.code)
            let (status, output) = try run(["hledger", "-f", path, "balance", "--flat", "--no-total", "-O", "csv"])
            #expect(status == 0, "\(output)")
            var hledger: [String: String] = [:]
            for line in output.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                guard fields.count == 2 else { continue }
                hledger[fields[0]] = fields[1].replacingOccurrences(of: " CNY", with: "")
            }
            let balance = try await ledger.trialBalance(of: SampleCooperative.code, asOf: nil)
            #expect(!balance.lines.isEmpty)
            for line in balance.lines {
                // hledger names accounts `class:CODE NAME[:member N]`.
                let match = hledger.first { name, _ in
                    name.contains(":\(line.account) \(line.accountName)") && (line.member.map { name.hasSuffix(":member \($0)") } ?? !name.contains(":member "))
                }
                #expect(match?.value == line.balance.description, "\(line.account):\(line.member?.description ?? "-") hledger \(match?.value ?? "missing")")
            }
            #expect(hledger.count == balance.lines.count)
        }
    }

    @Test func beanCheckAcceptsTheBeancountExport() async throws {
        try await sampleLedger { ledger in
            let path = try await export(.beancount, ledger, coop: SampleCooperative.code)
            // As a module, so the check runs whether or not pip's scripts folder is on PATH.
            let (status, output) = try run(["python3", "-m", "beancount.scripts.check", path])
            #expect(status == 0, "\(output)")
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("key: \"demo:corn:1\""))
        }
    }
}
