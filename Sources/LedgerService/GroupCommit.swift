import LedgerCore
import LedgerStore
import Postgres

/// Group commit: posts wait together while a batch is being written, and the next batch
/// (up to `batchMax` entries, of any cooperatives) is written in one transaction. Its entries
/// then share the transaction's round trips, its commit checks and its commit's WAL flush,
/// which is what a durable server pays per transaction; a district's many cooperatives, each
/// posting a little, fill batches together (issue 27). Nothing is answered before its commit
/// has returned: every 201 is on disk.
///
/// One batch is written at a time, and the next is taken once its rows are in, while it
/// commits: its commit checks and WAL flush overlap the next batch's writing, and what arrives
/// meanwhile waits for the next batch instead of splitting into small ones. Several batches
/// may be committing at once (`writersMax`), so one waiting long at commit (for a chain lock
/// an import holds) does not stop the others. Over 553 cooperatives this took the CPU per
/// entry from 0.86–0.91 ms to 0.56–0.61 ms (`bench/http.sh`), four writers each taking a
/// batch of its own having split what waited into batches of about seven.
///
/// A cooperative is written by one batch at a time, until it has committed: its entries wait
/// for each other at its chain lock anyway, and batches that never share a cooperative never
/// wait for each other's locks. At commit the database locks a batch's chains in the order of
/// their codes (034), so two transactions that lock several never take them in opposite orders.
///
/// Each entry is checked in Swift before it is written, and one refused there is refused
/// alone (nothing of it was written). If the batch fails in the database (a trigger, a check
/// at commit, a key taken meanwhile by another writer, a lost connection), its entries are
/// posted again one by one, each in its own transaction: one bad entry never fails its
/// neighbours. (Savepoints are not an option: the database requires an entry's postings to
/// be written by the transaction itself, not a subtransaction.) Keys stay exact: a key
/// posted earlier in the same batch is found there and replayed, as from an earlier commit.
actor GroupCommit {
    static let batchMax = 64
    /// Batches in flight at once, each holding a pooled connection until it has committed.
    static let writersMax = 4

    struct Waiting: Sendable {
        let entry: JournalEntry
        let actor: Login?
        let proof: String?
        let reply: CheckedContinuation<NumberedPosting, any Error>
    }

    /// One transaction's entries, by cooperative.
    typealias Batch = [(coop: CoopCode, entries: [Waiting])]

    private var waiting: [CoopCode: [Waiting]] = [:]
    /// Cooperatives with entries waiting, in the order their first one arrived.
    private var arrivals: [CoopCode] = []
    /// Cooperatives a batch is being written or committed for.
    private var writing: Set<CoopCode> = []
    private var writers = 0
    /// The batch whose rows are being written, if any: the next is taken once they are in.
    private var filling: Int?
    private var batchesTaken = 0

    func post(_ entry: JournalEntry, as actor: Login?, proving proof: String?, to coop: CoopCode, with ledger: Ledger) async throws -> NumberedPosting {
        try await withCheckedThrowingContinuation { reply in
            if waiting[coop] == nil { arrivals.append(coop) }
            waiting[coop, default: []].append(Waiting(entry: entry, actor: actor, proof: proof, reply: reply))
            startBatch(with: ledger)
        }
    }

    /// Takes the next batch and writes it, unless another is being written or enough are
    /// committing.
    private func startBatch(with ledger: Ledger) {
        guard filling == nil, writers < Self.writersMax else { return }
        let batch = nextBatch()
        guard !batch.isEmpty else { return }
        batchesTaken += 1
        let number = batchesTaken
        filling = number
        writers += 1
        Task {
            let committed = await ledger.commit(batch) { Task { await self.filled(number, with: ledger) } }
            if let committed { Task { await ledger.answer(batch, committed) } }
            finished(batch, number, with: ledger)
        }
    }

    /// Batch `number`'s rows are in and it is committing: the next may be written.
    private func filled(_ number: Int, with ledger: Ledger) {
        if filling == number { filling = nil }
        startBatch(with: ledger)
    }

    /// Batch `number` has committed (or was posted entry by entry): its cooperatives are free.
    private func finished(_ batch: Batch, _ number: Int, with ledger: Ledger) {
        for part in batch { writing.remove(part.coop) }
        if filling == number { filling = nil }
        writers -= 1
        startBatch(with: ledger)
    }

    /// The entries waiting longest of cooperatives no other batch holds, up to `batchMax`.
    private func nextBatch() -> Batch {
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
        return batch
    }
}

extension Ledger {
    /// Writes a batch in one transaction, each entry as its own person; `written` hears when
    /// its rows are in and it is about to commit. Returns the outcomes, in the batch's order,
    /// once the transaction has committed; if it failed, the entries were posted again one by
    /// one and answered, and there is nothing left to answer (nil).
    func commit(_ batch: GroupCommit.Batch, written: @escaping @Sendable () -> Void) async -> [Result<PostingOutcome, LedgerError>]? {
        let posts = batch.flatMap { coop, waiting in waiting.map { (coop: coop, post: $0) } }
        // Each person's entries are written together, as that person, proven or named once.
        let people = Self.positionsByPerson(posts.map(\.post))
        do {
            return try await pool.withConnection { connection in
                try connection.withTransaction { connection in
                    // A batch's statements (its own and its triggers') differ from the last
                    // batch's only in the keys they look up: planned once per connection, not
                    // again for every batch, as the planner otherwise chose for those taking
                    // arrays (pg_stat_statements' planning time: 0.27 ms a post at 8 connections).
                    try connection.execute(unsafeSQL: "SET LOCAL plan_cache_mode = force_generic_plan")
                    var outcomes = [Result<PostingOutcome, LedgerError>?](repeating: nil, count: posts.count)
                    for positions in people {
                        let first = posts[positions[0]].post
                        try Self.act(as: first.actor, proving: first.proof, on: connection)
                        // The batch holds each cooperative's entries side by side, so a
                        // person's entries to one cooperative are too.
                        var parts: [(coop: CoopCode, positions: [Int])] = []
                        for position in positions {
                            if parts.last?.coop == posts[position].coop {
                                parts[parts.count - 1].positions.append(position)
                            } else {
                                parts.append((posts[position].coop, [position]))
                            }
                        }
                        let results = try Self.post(parts.map { ($0.coop, $0.positions.map { posts[$0].post.entry }) }, on: connection)
                        for (part, partResults) in zip(parts, results) {
                            for (position, result) in zip(part.positions, partResults) { outcomes[position] = result }
                        }
                    }
                    written()
                    return outcomes.map { $0! }
                }
            }
        } catch {
            guard posts.count > 1 else {
                posts[0].post.reply.resume(throwing: Self.translated(error))
                return nil
            }
            logger.debug("group commit failed; posting its \(posts.count) entries one by one", metadata: ["error": "\(error)"])
            for (coop, post) in posts {
                post.reply.resume(with: await alone(post, to: coop).mapError(Self.translated))
            }
            return nil
        }
    }

    /// The positions of each person's posts, person by person in the order they first appear.
    static func positionsByPerson(_ posts: [GroupCommit.Waiting]) -> [[Int]] {
        var people: [[Int]] = []
        for (position, post) in posts.enumerated() {
            if let index = people.firstIndex(where: { posts[$0[0]].actor == post.actor && posts[$0[0]].proof == post.proof }) {
                people[index].append(position)
            } else {
                people.append([position])
            }
        }
        return people
    }

    /// Answers each poster of a committed batch: its entries are on disk. If their numbers
    /// cannot be read, each poster hears of that failure and, retrying, is answered with its
    /// entry as a replay.
    func answer(_ batch: GroupCommit.Batch, _ outcomes: [Result<PostingOutcome, LedgerError>]) async {
        let posts = batch.flatMap { coop, waiting in waiting.map { (coop: coop, post: $0) } }
        let posted = zip(posts, outcomes).compactMap { post, outcome -> (coop: CoopCode, id: EntryID)? in
            guard case .success(.posted(let id)) = outcome else { return nil }
            return (post.coop, id)
        }
        let numbers: Result<[CoopCode: [EntryID: VoucherNumber]], any Error>
        do {
            numbers = .success(posted.isEmpty ? [:] : try await readStatement { try JournalRepository.voucherNumbers(of: posted, on: $0) })
        } catch {
            numbers = .failure(error)
        }
        for ((coop, post), outcome) in zip(posts, outcomes) {
            let result: Result<NumberedPosting, any Error> =
                switch outcome {
                case .failure(let refusal): .failure(refusal)
                case .success(.posted(let id)): numbers.map { NumberedPosting(outcome: .posted(id), voucher: $0[coop]?[id]) }
                case .success(let replayed): .success(NumberedPosting(outcome: replayed, voucher: nil))
                }
            post.reply.resume(with: result.mapError(Self.translated))
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
