import Foundation
import LedgerCore
import LedgerStore
import Postgres

/// Reports progress at most twice a second.
struct ProgressClock {
    let report: (ImportProgress) -> Void
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var last: ContinuousClock.Instant

    init(report: @escaping (ImportProgress) -> Void) {
        self.report = report
        started = clock.now
        last = started
    }

    /// Reports if half a second has passed since the last report (always, with `force`).
    mutating func tick(lines: Int, entries: Int? = nil, bytes: Int64, force: Bool = false) {
        let now = clock.now
        guard force || now - last > .milliseconds(500) else { return }
        last = now
        report(ImportProgress(linesRead: lines, entriesRead: entries ?? lines, bytesRead: bytes, elapsed: now - started))
    }
}
