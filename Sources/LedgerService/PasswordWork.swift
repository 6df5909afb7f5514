import Dispatch
import LedgerCore
import Synchronization

/// Where passwords are hashed and checked (bcrypt, slow on purpose): one at a time on a
/// thread of their own, never on the threads that serve requests, with at most `waitingMax`
/// waiting behind it. A flood of sign-ins then costs at most one core and is refused past
/// the queue (`busy`, 429), while posting goes on at full speed on the other (issue 24,
/// case 4: eight clients sending wrong passwords took posting from 3 ms to a second).
public final class PasswordWork: Sendable {
    /// The process's one queue: every door's password checks share it.
    public static let shared = PasswordWork(waitingMax: 8)

    public let waitingMax: Int
    private let queue = DispatchQueue(label: "coopledger.password-work")
    /// Checks admitted and not yet done: the one running and those waiting.
    private let admitted = Mutex(0)

    public init(waitingMax: Int) {
        self.waitingMax = waitingMax
    }

    /// Checks admitted and not yet done (what a health page or a test reads).
    public var admittedCount: Int { admitted.withLock { $0 } }

    /// Runs `work` on the password thread, or refuses at once when the queue is full.
    public func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async throws(LedgerError) -> Result {
        let isAdmitted = admitted.withLock { count in
            guard count <= waitingMax else { return false }
            count += 1
            return true
        }
        guard isAdmitted else {
            throw LedgerError(.busy, field: "password", rule: "too many password checks at once; try again in a moment")
        }
        defer { admitted.withLock { $0 -= 1 } }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
