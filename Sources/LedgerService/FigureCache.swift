import LedgerCore
import LedgerStore
import Synchronization

/// Figures of a cooperative's year kept as computed, with the version of its books they were
/// computed from (`BooksVersion`): a district's pages read 553 cooperatives' statements, and
/// between two views most of their books have not changed. A figure is used only while its
/// cooperative's version is the one read in the asking snapshot, so it is never stale; the
/// others are computed again, set-based, for just those cooperatives.
final class FigureCache<Value: Sendable>: Sendable {
    struct Key: Hashable {
        let coop: CoopCode
        let year: Int
        /// What else the figure depends on (the language its labels are in).
        let variant: String
    }

    /// Kept per cooperative and year and variant; past this many the cache starts again, so
    /// memory stays bounded (a district of 553 cooperatives' two years, the ones `serve` keeps
    /// current, in both languages fit; the bench prints what `serve` holds then).
    static var capacity: Int { 4_096 }

    private struct State {
        var entries: [Key: (version: BooksVersion, value: Value)] = [:]
        /// Figures computed so far, kept or not (what a test asks to see that views reuse them).
        var computed = 0
    }

    private let state = Mutex(State())

    var computedSoFar: Int { state.withLock { $0.computed } }

    /// Each cooperative's figure for `year`: kept ones whose version is current, and
    /// `compute`'s for the rest (given only those), which are kept in turn.
    func values(
        of coops: [CoopCode], year: Int, variant: String = "", versions: [CoopCode: BooksVersion],
        compute: ([CoopCode]) throws -> [CoopCode: Value]
    ) throws -> [CoopCode: Value] {
        var found: [CoopCode: Value] = [:]
        state.withLock { state in
            for coop in coops {
                if let kept = state.entries[Key(coop: coop, year: year, variant: variant)], kept.version == versions[coop] {
                    found[coop] = kept.value
                }
            }
        }
        let stale = coops.filter { found[$0] == nil }
        guard !stale.isEmpty else { return found }
        let computed = try compute(stale)
        state.withLock { state in
            state.computed += computed.count
            if state.entries.count + computed.count > Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            for (coop, value) in computed {
                guard let version = versions[coop] else { continue }
                state.entries[Key(coop: coop, year: year, variant: variant)] = (version, value)
            }
        }
        return found.merging(computed) { kept, _ in kept }
    }
}

/// What a district's reports keep between views: each cooperative's indicator sheet and
/// benefit statement of a year.
public final class DistrictFigures: Sendable {
    /// Cooperative-years `serve` keeps current ahead of any view: half of what the cache
    /// holds, the rest left for views in the other language or of other years.
    public static var keptAheadMax: Int { FigureCache<Statement>.capacity / 2 }

    let indicatorSheets = FigureCache<Statement>()
    let benefitStatements = FigureCache<BenefitStatement>()

    var computedSoFar: Int { indicatorSheets.computedSoFar + benefitStatements.computedSoFar }
}
