import LedgerCore

/// How many journals are being verified at once on one ledger's pool (a server's). Each
/// reads four streams on connections of its own, up to 16 MB of them read ahead, and keeps
/// both cores busy: two at once use the machine, and more (an audit page asked again and
/// again) are refused at once (`busy`, 429) rather than let connections and memory grow with
/// the requests.
final class Verifications: Sendable {
    static let runningMax = 2
    private let running = AdmissionCount()

    /// Runs `body` if fewer than `runningMax` verifications are running; refuses otherwise.
    func admitting<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        guard running.admit(below: Self.runningMax) else {
            throw LedgerError(.busy, field: "verify", rule: "\(Self.runningMax) journals are being verified already; try again in a moment")
        }
        defer { running.release() }
        return try await body()
    }
}
