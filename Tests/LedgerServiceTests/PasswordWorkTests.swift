import Dispatch
import LedgerCore
import LedgerService
import Synchronization
import Testing

/// Issue 24, case 4: eight clients sending wrong passwords slowed posting for everyone,
/// because each bcrypt check ran on the threads that serve requests. Password work now runs
/// one at a time on a thread of its own, behind a bounded queue that refuses at once when full.
@Suite struct PasswordWorkTests {
    /// A check that holds the password thread until the test lets it go, counting how many
    /// run at once.
    final class SlowCheck: Sendable {
        let gate = DispatchSemaphore(value: 0)
        let running = Mutex((now: 0, most: 0))

        func run() -> Bool {
            running.withLock {
                $0.now += 1; $0.most = max($0.most, $0.now)
            }
            gate.wait()
            running.withLock { $0.now -= 1 }
            return true
        }
    }

    @Test func passwordWorkRunsOneAtATimeAndRefusesPastItsQueue() async throws {
        let work = PasswordWork(waitingMax: 1)
        let check = SlowCheck()
        let first = Task { try await work.run { check.run() } }
        let second = Task { try await work.run { check.run() } }
        // Both are admitted (one running, one waiting) before the third asks.
        while work.admittedCount < 2 { await Task.yield() }
        await #expect { _ = try await work.run { true } } throws: { ($0 as? LedgerError)?.code == .busy }
        // An admin's new password waits its turn instead.
        let waiting = Task { try await work.run(refusingWhenFull: false) { check.run() } }
        while work.admittedCount < 3 { await Task.yield() }
        check.gate.signal()
        check.gate.signal()
        check.gate.signal()
        let answers = (try await first.value, try await second.value, try await waiting.value)
        #expect(answers == (true, true, true))
        #expect(check.running.withLock { $0.most } == 1)
        // The queue is free again.
        #expect(try await work.run { true })
    }
}
