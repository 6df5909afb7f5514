import Foundation
import LedgerCore
import LedgerStore
import Postgres

public enum JournalFormat: String, Sendable, CaseIterable {
    case csv
    case jsonl

    /// From the file's extension: `.jsonl` or `.ndjson` is JSON Lines, anything else CSV.
    public static func guess(from path: String) -> JournalFormat {
        path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonl : .csv
    }
}

public struct ImportOptions: Sendable {
    public var dryRun = false
    public var maxErrors = Limits.importErrorsMax
    public var maxLines = Limits.importLinesMax
    /// Seconds to wait for a lock before giving up with nothing written.
    public var lockWaitSeconds = Limits.importLockWaitSeconds
    public init() {}
}

public struct ImportProgress: Sendable {
    public let linesRead: Int
    public let entriesRead: Int
    public let bytesRead: Int64
    public let elapsed: Duration
    /// Set while the import waits for the cooperative's books (another import posting, a
    /// month or year being closed): how long it has waited so far.
    public var waitingForLock: Duration? = nil
}

public struct ImportSummary: Sendable, Equatable {
    public let file: String
    public let posted: Int64
    public let skipped: Int64
    public let linesRead: Int
    public let elapsed: Duration
    public let isDryRun: Bool
    /// The voucher numbers the posted entries took, per month.
    public var vouchers: [VoucherRange] = []

    public var isEmpty: Bool { linesRead == 0 }

    /// The same summary naming `file` (a workbook, not the private CSV copy it was read through).
    func naming(_ file: String) -> ImportSummary {
        var summary = ImportSummary(file: file, posted: posted, skipped: skipped, linesRead: linesRead, elapsed: elapsed, isDryRun: isDryRun)
        summary.vouchers = vouchers
        return summary
    }
}

/// An import refused: every error found (up to the limit), each at its line; nothing written.
public struct ImportRefused: Error, Sendable, CustomStringConvertible {
    public let errors: [ImportError]
    public var description: String { "\(errors.count) error\(errors.count == 1 ? "" : "s"); nothing written" }
}

extension Ledger {
    /// Imports a journal file all or nothing. Lines stream into a staging table by COPY
    /// (memory stays bounded), are checked set-based in SQL, and are posted in the same
    /// transaction; keys already in the journal with the same content are skipped.
    public func importJournal(
        path: String, format: JournalFormat, into coop: CoopCode, options: ImportOptions,
        progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }
    ) async throws -> ImportSummary {
        if SpreadsheetInput.isSpreadsheet(path) {
            return try await SpreadsheetInput.asCSV(path) { try await importJournal(path: $0, format: .csv, into: coop, options: options, progress: progress) }
                .naming(path)
        }
        try await mendJournalStatistics()
        do {
            return try await write { connection in
                try Self.requireCooperative(coop, on: connection)
                return try Self.importJournal(path: path, format: format, coop: coop, options: options, progress: progress, on: connection)
            }
        } catch let finished as DryRunFinished {
            return finished.summary
        }
    }

    /// Before a long write: tables whose every row died (imports killed on a new
    /// installation) are vacuumed, so the checks' plans stay linear (`JournalStatistics`).
    /// Best effort: a role that may not VACUUM imports as before, with a warning.
    func mendJournalStatistics() async throws {
        do {
            let mended = try await readStatement { try JournalStatistics($0).mend() }
            if !mended.isEmpty { logger.notice("vacuumed \(mended.joined(separator: ", ")): their rows had all died (an interrupted import)") }
        } catch let error as PostgresError where error.kind == .server {
            logger.warning("could not vacuum the journal's tables before importing: \(error)")
        }
    }

    /// Thrown to roll back a dry run once every check has passed.
    private struct DryRunFinished: Error {
        let summary: ImportSummary
    }

    private static func importJournal(
        path: String, format: JournalFormat, coop: CoopCode, options: ImportOptions,
        progress: @escaping (ImportProgress) -> Void, on connection: Connection
    ) throws -> ImportSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let handle = try Self.openInput(path)
        let reader: any JournalLineReader
        switch format {
        case .jsonl:
            reader = JSONLinesJournalReader(handle: handle, fileName: path)
        case .csv:
            let csv = CSVReader(handle: handle)
            guard let header = Self.csvReader(csv, path: path) else {
                // Not a byte in the file: nothing to import, and nothing wrong either.
                return ImportSummary(file: path, posted: 0, skipped: 0, linesRead: 0, elapsed: clock.now - started, isDryRun: options.dryRun)
            }
            switch header {
            case .success(let csvReader): reader = csvReader
            case .failure(let error): throw ImportRefused(errors: [error])
            }
        }

        // A client that goes away has its work cancelled within a second (not left holding
        // the books' lock while a re-run waits; the check is one poll a second), and another
        // import holding some of the same keys is waited on for a bounded time.
        try connection.execute(
            unsafeSQL: """
                SET LOCAL client_connection_check_interval = '1s';
                SET LOCAL lock_timeout = '\(min(max(options.lockWaitSeconds, 1), Limits.importLockWaitSecondsMax))s';
                """)
        let staging = ImportStaging(connection, coop: coop)
        try staging.create()
        var errors: [ImportError] = []
        var linesRead = 0
        var entriesRead = 0
        var previousKey: String?
        var meter = ProgressClock(report: progress)
        do {
            try staging.copy { writer in
                var seq = 0
                reading: while errors.count < options.maxErrors {
                    let lines: [JournalLine]
                    switch Self.nextLines(from: reader) {
                    case .success(nil):
                        break reading
                    case .success(let next?):
                        lines = next
                    case .failure(let error):
                        errors.append(error)
                        // A broken file structure (quotes, field counts) cannot be read on from.
                        if error.field.isEmpty { break reading }
                        continue
                    }
                    guard reader.lineNumber <= options.maxLines else {
                        errors.append(
                            ImportError(
                                file: path, line: reader.lineNumber, field: "",
                                message: "more than \(options.maxLines) lines (raise --max-lines, or split the file)"))
                        break reading
                    }
                    linesRead += lines.count
                    for line in lines {
                        if line.key != previousKey { entriesRead += 1; previousKey = line.key }
                        guard errors.isEmpty else { continue }
                        seq += 1
                        try writer.writeRow(ImportStaging.row(line, seq: seq))
                    }
                    meter.tick(lines: linesRead, entries: entriesRead, bytes: reader.bytesRead)
                }
                // Abort the COPY: nothing staged is kept.
                if !errors.isEmpty { throw ImportRefused(errors: errors) }
            }
        }
        meter.tick(lines: linesRead, entries: entriesRead, bytes: reader.bytesRead, force: true)
        guard linesRead > 0 else {
            return ImportSummary(file: path, posted: 0, skipped: 0, linesRead: 0, elapsed: clock.now - started, isDryRun: options.dryRun)
        }

        let refusals = try staging.check(limit: options.maxErrors, today: try Today.day())
        guard refusals.isEmpty else {
            throw ImportRefused(errors: refusals.map { ImportError(file: path, line: $0.line, field: $0.field, message: $0.message) })
        }
        let (posted, skipped) = try Self.postingAlone(path: path, waitedSeconds: options.lockWaitSeconds) {
            try Self.lockBooks(coop, path: path, waitingAtMost: options.lockWaitSeconds, on: connection) { waited in
                var waiting = ImportProgress(linesRead: linesRead, entriesRead: entriesRead, bytesRead: reader.bytesRead, elapsed: clock.now - started)
                waiting.waitingForLock = waited
                progress(waiting)
            }
            return try staging.post()
        }
        if options.dryRun {
            // The real thing, rolled back: every entry was inserted and every rule of the
            // database fired (balance, chart, members, closed periods, voucher numbers, the
            // chain), and the transaction now ends without a trace.
            throw DryRunFinished(
                summary: ImportSummary(file: path, posted: posted, skipped: skipped, linesRead: linesRead, elapsed: clock.now - started, isDryRun: true))
        }
        var summary = ImportSummary(file: path, posted: posted, skipped: skipped, linesRead: linesRead, elapsed: clock.now - started, isDryRun: false)
        summary.vouchers = try staging.voucherRanges()
        return summary
    }

    /// Takes the cooperative's chain lock before posting, a second at a time, so a wait for
    /// another writer of the same books is reported as such rather than looking hung; after
    /// `seconds` the wait ends as a lock timeout. Held from here to commit (the commit checks
    /// take it again, re-entrantly): an import posts behind a concurrent one, not into it.
    private static func lockBooks(
        _ coop: CoopCode, path: String, waitingAtMost seconds: Int, on connection: Connection,
        waiting: (Duration) -> Void
    ) throws {
        let clock = ContinuousClock()
        let started = clock.now
        while !(try tryLock(coop, on: connection)) {
            let waited = clock.now - started
            guard waited < .seconds(seconds) else { throw lockWaitRefused(path: path, seconds: seconds) }
            waiting(waited)
        }
        try connection.execute(unsafeSQL: "SET LOCAL lock_timeout = '\(min(max(seconds, 1), Limits.importLockWaitSecondsMax))s'")
    }

    /// The chain lock if it comes within a second; the session as it was if not.
    private static func tryLock(_ coop: CoopCode, on connection: Connection) throws -> Bool {
        try connection.execute(unsafeSQL: "SAVEPOINT lock_books; SET LOCAL lock_timeout = '1s'")
        do {
            try connection.query("SELECT lock_chain(\(coop.rawValue))")
            try connection.execute(unsafeSQL: "RELEASE SAVEPOINT lock_books")
            return true
        } catch {
            guard error.sqlState == .lockNotAvailable else { throw error }
            try connection.execute(unsafeSQL: "ROLLBACK TO SAVEPOINT lock_books; RELEASE SAVEPOINT lock_books")
            return false
        }
    }

    /// Runs the final insert, telling a concurrent import of the same keys for what it is.
    private static func postingAlone<Result>(path: String, waitedSeconds: Int, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
            throw lockWaitRefused(path: path, seconds: waitedSeconds)
        } catch let error as PostgresError where error.constraint == "journal_entries_key_unique" || error.sqlState == .deadlockDetected {
            // A deadlock: a single entry posting one of this file's keys while the import held
            // the books; the entry was first.
            throw ImportRefused(errors: [
                ImportError(
                    file: path, line: 0, field: "key",
                    message: "another import or entry posted some of the same keys meanwhile; nothing was posted: re-run, and what it posted will be skipped")
            ])
        } catch let error as PostgresError where error.sqlState.map({ ["23", "CL", "P0"].contains(String($0.code.prefix(2))) }) == true {
            // A rule only the database holds (integrity, the ledger's own CL codes, a raised
            // exception) after the checks before posting passed: said as the import's error,
            // for a dry run as for the real thing.
            throw ImportRefused(errors: [
                ImportError(file: path, line: 0, field: "", message: "the database refused the file: \(error.message); nothing was posted")
            ])
        }
    }

    private static func lockWaitRefused(path: String, seconds: Int) -> ImportRefused {
        ImportRefused(errors: [
            ImportError(
                file: path, line: 0, field: "key",
                message:
                    "waited \(seconds) s for a lock (another import posting to these books or some of the same keys, or a month or year being closed); nothing was posted: re-run when it is done"
            )
        ])
    }

    /// The CSV reader past its header; nil for an empty file.
    private static func csvReader(_ csv: CSVReader, path: String) -> Result<CSVJournalReader, ImportError>? {
        do {
            return .success(try CSVJournalReader(reader: csv, fileName: path))
        } catch {
            return csv.bytesRead == 0 ? nil : .failure(error)
        }
    }

    private static func nextLines(from reader: any JournalLineReader) -> Result<[JournalLine]?, ImportError> {
        do {
            return .success(try reader.next())
        } catch {
            return .failure(error)
        }
    }

    /// An import file; `-` is standard input.
    static func openInput(_ path: String) throws -> FileHandle {
        if path == "-" { return .standardInput }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError(.invalidValue, field: "file", value: path, rule: "cannot open this file")
        }
        return handle
    }
}
