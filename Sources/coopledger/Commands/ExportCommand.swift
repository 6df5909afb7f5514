import ArgumentParser
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole journal for hledger or beancount, for auditors' own tools."
    )

    @Argument(help: "hledger or beancount.")
    var format: PlainTextFormat
    @Option(help: "Write to this file instead of standard output.")
    var output: String?
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let file = FileHandle(forWritingAtPath: output) else {
                throw LedgerError(.invalidValue, field: "output", value: output, rule: "cannot write this file")
            }
            handle = file
        } else {
            handle = .standardOutput
        }
        let sink = OutputSink(handle: handle)
        let count = try await Session.run(global, needs: .operation(.read)) { session in
            try await session.ledger.export(format, of: try await session.coop(), write: sink.write)
        }
        if output != nil {
            try handle.close()
            Session.progress("wrote \(count) entries to \(output!)")
        }
    }
}

/// Hands exported text to a file handle from the export's own thread.
final class OutputSink: @unchecked Sendable {
    private let handle: FileHandle
    init(handle: FileHandle) { self.handle = handle }
    func write(_ text: String) throws { try handle.write(contentsOf: Data(text.utf8)) }
}

extension PlainTextFormat: ExpressibleByArgument {}
