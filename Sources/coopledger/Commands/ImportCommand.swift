import ArgumentParser
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Post a journal file all or nothing: CSV or JSON Lines.",
        discussion: """
            CSV: a header key,date,memo,account,member,debit,credit; rows with the same key are one entry, in file order. \
            JSON Lines: {"key":…,"date":…,"memo":…,"lines":[{"account":"121","member":null,"debit":"10.00"},…]} per line. \
            Keys already posted with the same content are skipped, so a file can be imported again safely. \
            Any error refuses the whole file, naming FILE:LINE.
            """
    )

    @Argument(help: "The file; - reads standard input.")
    var file: String
    @Option(help: "csv or jsonl (default: from the file's extension).")
    var inputFormat: JournalFormat?
    @Flag(help: "Post the file as the real import does, with every rule of the database firing, then roll it all back: nothing is written.")
    var dryRun = false
    @Option(help: "List up to this many errors before giving up.")
    var maxErrors = Limits.importErrorsMax
    @Option(help: "Refuse files longer than this many lines.")
    var maxLines = Limits.importLinesMax
    @Option(help: ArgumentHelp("Seconds to wait for a lock (another import of the same keys) before stopping with nothing written.", valueName: "seconds"))
    var lockTimeout = Limits.importLockWaitSeconds
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard maxErrors >= 1 else { throw ValidationError("--max-errors: \(maxErrors): at least 1") }
        guard maxLines >= 1 else { throw ValidationError("--max-lines: \(maxLines): at least 1") }
        guard (1...Limits.importLockWaitSecondsMax).contains(lockTimeout) else {
            throw ValidationError("--lock-timeout: \(lockTimeout): from 1 to \(Limits.importLockWaitSecondsMax) seconds")
        }
    }

    func run() async throws {
        var options = ImportOptions()
        options.dryRun = dryRun
        options.maxErrors = maxErrors
        options.maxLines = maxLines
        options.lockWaitSeconds = lockTimeout
        let format = inputFormat ?? JournalFormat.guess(from: file)
        let meter = ProgressMeter(totalBytes: InputFile.size(of: file))
        let summary = try await Session.run(global, needs: .operation(.importJournal)) { session in
            try await session.ledger.importJournal(path: file, format: format, into: try await session.coop(), options: options, progress: meter.report)
        }
        meter.finish()
        print(ImportRendering.summary(summary, as: global.format))
    }
}

extension JournalFormat: ExpressibleByArgument {}
