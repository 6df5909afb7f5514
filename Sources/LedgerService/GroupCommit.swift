import LedgerCore
import LedgerStore
import Postgres

/// Group commit: posts that arrive while earlier batches commit wait together, and the next
/// batch (up to `batchMax` entries, of any cooperatives) is written in one transaction. Its
/// entries then share the transaction's round trips and its commit's WAL flush, which is what
/// a durable server pays per transaction; a district's many cooperatives, each posting a
/// little, fill batches together (issue 27). Nothing is answered before its commit has
/// returned: every 201 is on disk.
///
/// A cooperative is written by one batch at a time: its entries wait for each other at its
/// chain lock anyway, and batches that never share a cooperative never wait for each other's
/// locks. Within a batch the cooperatives are written in the order of their codes, so two
/// transactions that lock several never take them in opposite orders.
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
    /// Batches written at once. Each holds a pooled connection; on two cores a few writers
    /// keep PostgreSQL busy while the next batch gathers, and more only split batches.
    static let writersMax = 4

    struct Waiting: Sendable {
        let entry: JournalEntry
        let actor: Login?
        let proof: String?
        let reply: CheckedContinuation<NumberedPosting, any Error>
    }

    /// One transaction's entries, by cooperative in the order of their codes.
    typealias Batch = [(coop: CoopCode, entries: [Waiting])]

    private var waiting: [CoopCode: [Waiting]] = [:]
    /// Cooperatives with entries waiting, in the order their first one arrived.
    private var arrivals: [CoopCode] = []
    /// Cooperatives a batch is being written for.
    private var writing: Set<CoopCode> = []
    private var writers = 0

    func post(_ entry: JournalEntry, as actor: Login?, proving proof: String?, to coop: CoopCode, with ledger: Ledger) async throws -> NumberedPosting {
        try await withCheckedThrowingContinuation { reply in
            if waiting[coop] == nil { arrivals.append(coop) }
            waiting[coop, default: []].append(Waiting(entry: entry, actor: actor, proof: proof, reply: reply))
            if writers < Self.writersMax && !writing.contains(coop) {
                writers += 1
                Task { await self.writeBatches(with: ledger) }
            }
        }
    }

    /// A writer's loop: the next batch starts as soon as one has committed; the committed
    /// one's voucher numbers are read, and its posters answered, beside it.
    private func writeBatches(with ledger: Ledger) async {
        var batch = nextBatch(after: [])
        while !batch.isEmpty {
            if let committed = await ledger.commit(batch) {
                let written = batch
                Task { await ledger.answer(written, committed) }
            }
            batch = nextBatch(after: batch)
        }
    }

    /// Frees the cooperatives of the batch just written, then takes the entries waiting
    /// longest of cooperatives no other writer holds, up to `batchMax`. Empty: the writer ends.
    private func nextBatch(after written: Batch) -> Batch {
        for part in written { writing.remove(part.coop) }
        var batch: Batch = []
        var room = Self.batchMax
        var index = arrivals.startIndex
        while room > 0, index < arrivals.endIndex {
            let coop = arrivals[index]
            guard !writing.contains(coop), let queue = waiting[coop] else {
                index += 1
                continue
            }
            let taken = Array(queue.prefix(room))
            room -= taken.count
            batch.append((coop, taken))
            writing.insert(coop)
            if taken.count == queue.count {
                waiting[coop] = nil
                arrivals.remove(at: index)
            } else {
                waiting[coop] = Array(queue.dropFirst(taken.count))
                index += 1
            }
        }
        if batch.isEmpty { writers -= 1 }
        return batch.sorted { $0.coop < $1.coop }
    }
}

extension Ledger {
    /// Writes a batch in one transaction, each entry as its own person. Returns the
    /// outcomes, in the batch's order, once the transaction has committed; if it failed, the
    /// entries were posted again one by one and answered, and there is nothing left to
    /// answer (nil).
    func commit(_ batch: GroupCommit.Batch) async -> [Result<PostingOutcome, LedgerError>]? {
        do {
            return try await pool.withConnection { connection in
                try connection.withTransaction { connection in
                    var outcomes: [Result<PostingOutcome, LedgerError>] = []
                    // Each run of entries by one person is written as that person, proven or
                    // named once for the run (a writer's batches mix everyone's posts).
                    var acting: (actor: Login?, proof: String?)? = nil
                    for (coop, entries) in batch {
                        var start = entries.startIndex
                        while start < entries.endIndex {
                            let (actor, proof) = (entries[start].actor, entries[start].proof)
                            let end = entries[start...].firstIndex { $0.actor != actor || $0.proof != proof } ?? entries.endIndex
                            if acting.map({ $0.actor != actor || $0.proof != proof }) ?? true {
                                try Self.act(as: actor, proving: proof, on: connection)
                                acting = (actor, proof)
                            }
                            outcomes += try Self.post(entries[start..<end].map(\.entry), to: coop, on: connection)
                            start = end
                        }
                    }
                    return outcomes
                }
            }
        } catch {
            let entries = batch.flatMap { coop, entries in entries.map { (coop, $0) } }
            guard entries.count > 1 else {
                entries[0].1.reply.resume(throwing: Self.translated(error))
                return nil
            }
            logger.debug("group commit failed; posting its \(entries.count) entries one by one", metadata: ["error": "\(error)"])
            for (coop, waiting) in entries {
                waiting.reply.resume(with: await alone(waiting, to: coop).mapError(Self.translated))
            }
            return nil
        }
    }

    /// Answers each poster of a committed batch: its entries are on disk. If their numbers
    /// cannot be read, each poster hears of that failure and, retrying, is answered with its
    /// entry as a replay.
    func answer(_ batch: GroupCommit.Batch, _ outcomes: [Result<PostingOutcome, LedgerError>]) async {
        let waiting = batch.flatMap { coop, entries in entries.map { (coop, $0) } }
        let posted = zip(waiting, outcomes).compactMap { waiting, outcome -> (CoopCode, EntryID)? in
            guard case .success(.posted(let id)) = outcome else { return nil }
            return (waiting.0, id)
        }
        let numbers: Result<[CoopCode: [EntryID: VoucherNumber]], any Error>
        do {
            numbers = .success(posted.isEmpty ? [:] : try await readStatement { try JournalRepository.voucherNumbers(of: posted, on: $0) })
        } catch {
            numbers = .failure(error)
        }
        for ((coop, waiting), outcome) in zip(waiting, outcomes) {
            let result: Result<NumberedPosting, any Error> =
                switch outcome {
                case .failure(let refusal): .failure(refusal)
                case .success(.posted(let id)): numbers.map { NumberedPosting(outcome: .posted(id), voucher: $0[coop]?[id]) }
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
