import Foundation
import LedgerService

/// One progress line on stderr, rewritten in place, only when stderr is a terminal.
struct ProgressMeter: Sendable {
    let totalBytes: Int64?
    let isTerminal = isatty(STDERR_FILENO) == 1

    func report(_ progress: ImportProgress) {
        guard isTerminal else { return }
        if let waited = progress.waitingForLock {
            show(
                "read \(progress.linesRead) lines; waiting \(waited.components.seconds) s for another writer of these books (an import, or a month or year being closed)"
            )
            return
        }
        let milliseconds = Self.milliseconds(progress.elapsed)
        var line = "read \(progress.linesRead) lines, \(Int64(progress.entriesRead) * 1_000 / milliseconds) entries/s, \(milliseconds / 1_000) s"
        if let totalBytes, totalBytes > 0, progress.bytesRead > 0 {
            let percent = min(progress.bytesRead * 100 / totalBytes, 100)
            let remaining = milliseconds * max(totalBytes - progress.bytesRead, 0) / progress.bytesRead / 1_000
            line += ", \(percent)%, about \(remaining) s to go"
        }
        show(line)
    }

    /// `verify`: how many entries are checked so far, since `start`.
    func reportChecked(_ entries: Int64, since start: ContinuousClock.Instant) {
        guard isTerminal else { return }
        let milliseconds = Self.milliseconds(ContinuousClock.now - start)
        show("checked \(entries) entries, \(entries * 1_000 / milliseconds) entries/s, \(milliseconds / 1_000) s")
    }

    private func show(_ line: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Whole milliseconds (at least one) and integer arithmetic: no floating point anywhere
    /// near the books.
    private static func milliseconds(_ elapsed: Duration) -> Int64 {
        max(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000, 1)
    }

    func finish() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
