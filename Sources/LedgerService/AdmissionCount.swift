import Synchronization

/// Work admitted and not yet done, counted against a bound: past it, new work is refused at
/// once rather than queued without end (password checks, journal verifications).
final class AdmissionCount: Sendable {
    private let count = Mutex(0)

    /// How much is admitted now.
    var current: Int { count.withLock { $0 } }

    /// Admits one if fewer than `limit` are admitted (nil: whatever the count); false if not.
    func admit(below limit: Int?) -> Bool {
        count.withLock { count in
            if let limit, count >= limit { return false }
            count += 1
            return true
        }
    }

    /// One admitted is done.
    func release() {
        count.withLock { $0 -= 1 }
    }
}
