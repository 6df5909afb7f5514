import Dispatch
import LedgerCore

/// Where passwords are hashed and checked (bcrypt, slow on purpose): one at a time on a
/// thread of their own, never on the threads that serve requests. A sign-in's check is
/// refused at once (`busy`, 429) when `waitingMax` are waiting already; an admin's new
/// password waits its turn. A flood of sign-ins then costs at most one core, while posting
/// goes on at full speed on the other (issue 24, case 4: eight clients sending wrong
/// passwords took posting from 3 ms to a second).
public final class PasswordWork: Sendable {
    /// The process's one queue: every door's password checks share it.
    /// 32 waiting is about eight seconds of cost-12 checks: past that, a sign-in is told to come back.
    public static let shared = PasswordWork(waitingMax: 32)

    public let waitingMax: Int
    private let queue = DispatchQueue(label: "coopledger.password-work")
    /// Checks admitted and not yet done: the one running and those waiting.
    private let admitted = AdmissionCount()

    public init(waitingMax: Int) {
        self.waitingMax = waitingMax
    }

    /// Checks admitted and not yet done (what a health page or a test reads).
    public var admittedCount: Int { admitted.current }

    /// Runs `work` on the password thread; when `refusingWhenFull`, refuses at once instead
    /// if the queue is full.
    public func run<Result: Sendable>(refusingWhenFull: Bool = true, _ work: @escaping @Sendable () -> Result) async throws(LedgerError) -> Result {
        // The one running and `waitingMax` waiting.
        guard admitted.admit(below: refusingWhenFull ? waitingMax + 1 : nil) else {
            throw LedgerError(.busy, field: "password", rule: "too many password checks at once; try again in a moment")
        }
        defer { admitted.release() }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
