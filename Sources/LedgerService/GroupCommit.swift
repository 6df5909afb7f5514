import LedgerCore
import LedgerStore
import Postgres

/// Group commit: posts to one cooperative that arrive while its previous batch commits wait
/// together, and the next batch (up to `batchMax`) is written in one transaction. They
/// then share its chain lock, its voucher counters and its commit's WAL flush, which is
/// what a durable server pays per transaction. Nothing is answered before its commit has
/// returned: every 201 is on disk.
///
/// Each entry is checked in Swift before it is written, and one refused there is refused
/// alone (nothing of it was written). If the batch fails in the database (a trigger, a check
/// at commit, a key taken meanwhile by another writer, a lost connection), its entries are
/// posted again one by one, each in its own transaction: one bad entry never fails its
/// neighbours. (Savepoints are not an option: the database requires an entry's postings to
/// be written by the transaction itself, not a subtransaction.) Keys stay exact: a key
/// posted earlier in the same batch is found there and replayed, as from an earlier commit.
actor GroupCommit {
    static let batchMax = 32
    /// Batches of one cooperative written at once. More than one, because most of an
    /// entry's cost is its checks and triggers, not the commit's flush: writers run those in
    /// parallel and wait for each other only at the chain lock, taken at commit.
    static let writersPerCooperative = 4

    struct Waiting: Sendable {
        let entry: JournalEntry
        let actor: Login?
        let reply: CheckedContinuation<NumberedPosting, any Error>
    }

    private var waiting: [CoopCode: [Waiting]] = [:]
    /// Writers at work per cooperative; different cooperatives commit in parallel.
    private var writers: [CoopCode: Int] = [:]

    func post(_ entry: JournalEntry, as actor: Login?, to coop: CoopCode, with ledger: Ledger) async throws -> NumberedPosting {
        try await withCheckedThrowingContinuation { reply in
            waiting[coop, default: []].append(Waiting(entry: entry, actor: actor, reply: reply))
            if writers[coop, default: 0] < Self.writersPerCooperative {
                writers[coop, default: 0] += 1
                Task { await self.writeBatches(of: coop, with: ledger) }
            }
        }
    }

    private func writeBatches(of coop: CoopCode, with ledger: Ledger) async {
        while let batch = nextBatch(of: coop) {
            await ledger.commit(batch, to: coop)
        }
    }

    private func nextBatch(of coop: CoopCode) -> [Waiting]? {
        guard let queue = waiting[coop], !queue.isEmpty else {
            writers[coop, default: 1] -= 1
            if writers[coop] == 0 { writers[coop] = nil; waiting[coop] = nil }
            return nil
        }
        let batch = Array(queue.prefix(Self.batchMax))
        waiting[coop] = Array(queue.dropFirst(batch.count))
        return batch
    }
}

extension Ledger {
    /// Writes a batch in one transaction, each entry as its own person; answers each once
    /// the transaction has committed.
    func commit(_ batch: [GroupCommit.Waiting], to coop: CoopCode) async {
        var results: [Result<NumberedPosting, any Error>]
        do {
            let outcomes = try await transaction { connection in
                // Each run of entries by one person is written together, as that person.
                var outcomes: [Result<PostingOutcome, LedgerError>] = []
                var start = batch.startIndex
                while start < batch.endIndex {
                    let actor = batch[start].actor
                    let end = batch[start...].firstIndex { $0.actor != actor } ?? batch.endIndex
                    try connection.query("SELECT set_config('coopledger.actor', \(actor?.rawValue ?? ""), true)")
                    outcomes += try Self.post(batch[start..<end].map(\.entry), to: coop, on: connection)
                    start = end
                }
                return outcomes
            }
            // Committed: the entries are on disk. If their numbers cannot be read, each poster
            // hears of that failure and, retrying, is answered with its entry as a replay.
            let numbers: Result<[EntryID: VoucherNumber], any Error>
            do {
                numbers = .success(try await self.numbers(of: outcomes.compactMap { try? $0.get() }, in: coop))
            } catch {
                numbers = .failure(error)
            }
            results = outcomes.map { outcome in
                switch outcome {
                case .failure(let refusal): .failure(refusal)
                case .success(.posted(let id)): numbers.map { NumberedPosting(outcome: .posted(id), voucher: $0[id]) }
                case .success(let replayed): .success(NumberedPosting(outcome: replayed, voucher: nil))
                }
            }
        } catch {
            guard batch.count > 1 else {
                batch[0].reply.resume(throwing: Self.translated(error))
                return
            }
            logger.debug("group commit failed; posting its \(batch.count) entries one by one", metadata: ["error": "\(error)"])
            results = []
            for waiting in batch { results.append(await alone(waiting, to: coop)) }
        }
        for (waiting, result) in zip(batch, results) {
            waiting.reply.resume(with: result.mapError(Self.translated))
        }
    }

    private func alone(_ waiting: GroupCommit.Waiting, to coop: CoopCode) async -> Result<NumberedPosting, any Error> {
        let ledger = waiting.actor.map { acting(as: $0) } ?? self
        do {
            return .success(try await ledger.postAlone(waiting.entry, to: coop))
        } catch {
            return .failure(error)
        }
    }
}
