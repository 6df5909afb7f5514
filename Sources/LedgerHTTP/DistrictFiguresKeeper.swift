import LedgerService
import Logging
import ServiceLifecycle

/// Keeps the district reports' figures current in the background: at start every
/// cooperative's of this year and the last, then every `interval` those of the cooperatives
/// whose books changed. A supervisor's first view then reads kept figures rather than
/// computing 553 cooperatives' statements while they wait; a view still computes whatever
/// changed since the last round, so what it shows is never stale. A round that finds nothing
/// changed reads two index entries per cooperative, so the interval can be short: the
/// shorter it is, the fewer cooperatives a view finds moved since.
struct DistrictFiguresKeeper: Service {
    let ledger: Ledger
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let clock = ContinuousClock()
            let started = clock.now
            do {
                let year = Today.year
                let computed = try await ledger.keepDistrictFiguresCurrent(years: [year, year - 1])
                if computed > 0 {
                    let elapsed = started.duration(to: clock.now).components
                    let milliseconds = elapsed.seconds * 1_000 + elapsed.attoseconds / 1_000_000_000_000_000
                    logger.info("district figures kept current: \(computed) computed in \(milliseconds) ms")
                }
            } catch {
                // The database may be away for a moment: the pages compute what they need
                // themselves, so this round is skipped, not the server ended.
                logger.warning("district figures not kept current this round: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
