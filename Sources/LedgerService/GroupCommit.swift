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
    /// Batches of one cooperative written at once: one. Its entries wait for each other at
    /// the chain lock anyway, and a batch's checks and triggers cost mostly per transaction,
    /// so one writer taking everything that queued during its previous commit does the least
    /// work per entry (measured: 780 posts/s at 8 connections against 540 with four
    /// writers; different cooperatives still commit in parallel).
    static let writersPerCooperative = 1

    struct Waiting: Sendable {
        let entry: JournalEntry
        let actor: Login?
        let proof: String?
        let reply: CheckedContinuation<NumberedPosting, any Error>
    }

    private var waiting: [CoopCode: [Waiting]] = [:]
    /// Writers at work per cooperative; different cooperatives commit in parallel.
    private var writers: [CoopCode: Int] = [:]

    func post(_ entry: JournalEntry, as actor: Login?, proving proof: String?, to coop: CoopCode, with ledger: Ledger) async throws -> NumberedPosting {
        try await withCheckedThrowingContinuation { reply in
            waiting[coop, default: []].append(Waiting(entry: entry, actor: actor, proof: proof, reply: reply))
            if writers[coop, default: 0] < Self.writersPerCooperative {
                writers[coop, default: 0] += 1
                Task { await self.writeBatches(of: coop, with: ledger) }
            }
        }
    }

    /// The writer's loop: the next batch starts as soon as one has committed; the
    /// committed one's voucher numbers are read, and its posters answered, beside it.
    private func writeBatches(of coop: CoopCode, with ledger: Ledger) async {
        while let batch = nextBatch(of: coop) {
            if let committed = await ledger.commit(batch, to: coop) {
                Task { await ledger.answer(batch, committed, in: coop) }
            }
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
    /// Writes a batch in one transaction, each entry as its own person. Returns the
    /// outcomes once the transaction has committed; if it failed, the entries were posted
    /// again one by one and answered, and there is nothing left to answer (nil).
    func commit(_ batch: [GroupCommit.Waiting], to coop: CoopCode) async -> [Result<PostingOutcome, LedgerError>]? {
        do {
            return try await transaction { connection in
                // Each run of entries by one person is written together, as that person.
                var outcomes: [Result<PostingOutcome, LedgerError>] = []
                var start = batch.startIndex
                while start < batch.endIndex {
                    let (actor, proof) = (batch[start].actor, batch[start].proof)
                    let end = batch[start...].firstIndex { $0.actor != actor || $0.proof != proof } ?? batch.endIndex
                    try Self.act(as: actor, proving: proof, on: connection)
                    outcomes += try Self.post(batch[start..<end].map(\.entry), to: coop, on: connection)
                    start = end
                }
                return outcomes
            }
        } catch {
            guard batch.count > 1 else {
                batch[0].reply.resume(throwing: Self.translated(error))
                return nil
            }
            logger.debug("group commit failed; posting its \(batch.count) entries one by one", metadata: ["error": "\(error)"])
            for waiting in batch {
                waiting.reply.resume(with: await alone(waiting, to: coop).mapError(Self.translated))
            }
            return nil
        }
    }

    /// Answers each poster of a committed batch: its entries are on disk. If their numbers
    /// cannot be read, each poster hears of that failure and, retrying, is answered with its
    /// entry as a replay.
    func answer(_ batch: [GroupCommit.Waiting], _ outcomes: [Result<PostingOutcome, LedgerError>], in coop: CoopCode) async {
        let numbers: Result<[EntryID: VoucherNumber], any Error>
        do {
            numbers = .success(try await self.numbers(of: outcomes.compactMap { try? $0.get() }, in: coop))
        } catch {
            numbers = .failure(error)
        }
        for (waiting, outcome) in zip(batch, outcomes) {
            let result: Result<NumberedPosting, any Error> =
                switch outcome {
                case .failure(let refusal): .failure(refusal)
                case .success(.posted(let id)): numbers.map { NumberedPosting(outcome: .posted(id), voucher: $0[id]) }
                case .success(let replayed): .success(NumberedPosting(outcome: replayed, voucher: nil))
                }
            waiting.reply.resume(with: result.mapError(Self.translated))
        }
    }

    private func alone(_ waiting: GroupCommit.Waiting, to coop: CoopCode) async -> Result<NumberedPosting, any Error> {
        let ledger = waiting.actor.map { acting(as: $0, proving: waiting.proof) } ?? self
        do {
            return .success(try await ledger.postAlone(waiting.entry, to: coop))
        } catch {
            return .failure(error)
        }
    }
}
