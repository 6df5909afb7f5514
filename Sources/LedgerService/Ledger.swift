import LedgerCore
import LedgerStore
import Logging
import Postgres

/// What posting an entry did.
public enum PostingOutcome: Sendable, Equatable {
    /// The entry was written under this id.
    case posted(EntryID)
    /// An identical entry with the same key was posted before; nothing was written.
    case replayed(EntryID)

    public var entryID: EntryID {
        switch self {
        case .posted(let id), .replayed(let id): id
        }
    }
}

/// What posting an entry did, with the voucher number a newly posted entry took.
public struct NumberedPosting: Sendable, Equatable {
    public let outcome: PostingOutcome
    /// Set for `.posted`; a replay's number is read with the rest of the earlier entry.
    public let voucher: VoucherNumber?
}

/// Whether a create request wrote something or found it already there, identical.
public enum CreateOutcome: Sendable, Equatable {
    case created
    case alreadyPresent
}

/// The ledger's use cases, shared by the command line and the HTTP API. Each write is
/// one database transaction; each checks its input in Swift before writing, and the
/// database checks the books again at commit.
public struct Ledger: Sendable {
    let pool: ConnectionPool
    let logger: Logger
    /// The person every write is done as (recorded on entries, runs and vouchers, and
    /// checked against their roles by the database). Nil writes nothing: the database
    /// refuses an entry that names nobody.
    public let actor: Login?
    /// The live token that proves `actor` to the database (sql/032): what a server holds
    /// for a person signed in. Without one the actor is named, which only the owner of the
    /// books may do (the operator's command line).
    let proof: String?
    /// When set, posts to one cooperative that arrive together share a transaction.
    let groupCommit: GroupCommit?
    /// The district reports' figures of each cooperative, kept while its books stay as they were.
    let districtFigures: DistrictFigures
    /// Journals being verified on this ledger's pool (`verifyChain`).
    let verifications: Verifications

    public init(pool: ConnectionPool, logger: Logger, actor: Login? = nil) {
        self.init(
            pool: pool, logger: logger, actor: actor, proof: nil, groupCommit: nil, districtFigures: DistrictFigures(), verifications: Verifications())
    }

    private init(
        pool: ConnectionPool, logger: Logger, actor: Login?, proof: String?, groupCommit: GroupCommit?, districtFigures: DistrictFigures,
        verifications: Verifications
    ) {
        self.pool = pool
        self.logger = logger
        self.actor = actor
        self.proof = proof
        self.groupCommit = groupCommit
        self.districtFigures = districtFigures
        self.verifications = verifications
    }

    /// The same ledger, writing as `person`, proven by `token` (their live token) when given.
    public func acting(as person: Login, proving token: String? = nil) -> Ledger {
        Ledger(
            pool: pool, logger: logger, actor: person, proof: token, groupCommit: groupCommit, districtFigures: districtFigures,
            verifications: verifications)
    }

    /// The same ledger, with `post` committing concurrent posts to one cooperative together
    /// (`GroupCommit`): what a server with many clients wants.
    public func committingInGroups() -> Ledger {
        Ledger(
            pool: pool, logger: logger, actor: actor, proof: proof, groupCommit: GroupCommit(), districtFigures: districtFigures,
            verifications: verifications)
    }

    // MARK: - Cooperatives

    public func createCooperative(_ coop: Cooperative) async throws -> CreateOutcome {
        try await writeRetryingOnKeyRace { connection in
            let repository = CooperativeRepository(connection)
            if let existing = try repository.find(coop.code) {
                guard existing == coop else {
                    throw LedgerError(
                        .duplicate, field: "coop", value: coop.code.rawValue, rule: "a cooperative with this code exists already, with other settings")
                }
                return .alreadyPresent
            }
            try repository.insert(coop)
            return .created
        }
    }

    public func cooperatives() async throws -> [Cooperative] {
        try await read { try CooperativeRepository($0).all() }
    }

    public func cooperative(_ code: CoopCode) async throws -> Cooperative {
        try await read { connection in
            guard let coop = try CooperativeRepository(connection).find(code) else { throw Self.unknownCooperative(code) }
            return coop
        }
    }

    /// The cooperative a command works on: the one named, or the only one there is.
    public func resolveCooperative(_ text: String?) async throws -> CoopCode {
        if let text {
            let code = try CoopCode(parsing: text)
            _ = try await cooperative(code)
            return code
        }
        let all = try await cooperatives()
        switch all.count {
        case 1: return all[0].code
        case 0: throw LedgerError(.unknownCooperative, field: "coop", rule: "there is no cooperative yet; create one with `coopledger coop create`")
        default:
            throw LedgerError(
                .ambiguousCooperative, field: "coop",
                rule:
                    "there are \(all.count) cooperatives (\(all.prefix(5).map(\.code.rawValue).joined(separator: ", "))…); name one with --coop or COOPLEDGER_COOP"
            )
        }
    }

    // MARK: - Members and accounts

    /// Registers a member; `household`: a non-member household that joins, keeping its number
    /// and its history (its dealings before joining stay its own, and the benefit statement
    /// counts the two as one household).
    public func addMember(_ member: Member, joiningFrom household: HouseholdNumber? = nil, to coop: CoopCode) async throws -> CreateOutcome {
        try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let repository = MemberRepository(connection, coop: coop)
            if let household { try Self.requireHousehold(household, in: coop, on: connection) }
            let households = HouseholdRepository(connection, coop: coop)
            if let existing = try repository.find(member.number) {
                guard existing == member, try household.map({ try households.member(of: $0) == member.number }) ?? true else {
                    throw LedgerError(
                        .duplicate, field: "number", value: member.number.description, rule: "member \(member.number) exists already, with other details")
                }
                return .alreadyPresent
            }
            if let household, let became = try households.member(of: household) {
                throw LedgerError(
                    .duplicate, field: "household", value: household.description, rule: "household \(household) joined already, as member \(became)")
            }
            try repository.insert(member)
            if let household { try households.recordJoining(household, as: member.number) }
            return .created
        }
    }

    public func members(of coop: CoopCode) async throws -> [Member] {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try MemberRepository(connection, coop: coop).all()
        }
    }

    /// Whether general entries must go through approved voucher drafts. Only an admin sets it.
    public func setRequiresApproval(_ required: Bool, in coop: CoopCode) async throws {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: "change whether entries need approval", on: connection)
            try CooperativeRepository(connection).setRequiresApproval(required, for: coop)
        }
    }

    public func accounts(of coop: CoopCode) async throws -> [Account] {
        try await read { try AccountRepository($0, coop: coop).all() }
    }

    // MARK: - Journal

    /// Posts an entry. The same key with the same content returns the first entry and
    /// writes nothing; the same key with other content is refused as a conflict.
    public func post(_ entry: JournalEntry, to coop: CoopCode) async throws -> PostingOutcome {
        try await postNumbered(entry, to: coop).outcome
    }

    /// `post`, with the voucher number the entry took.
    public func postNumbered(_ entry: JournalEntry, to coop: CoopCode) async throws -> NumberedPosting {
        _ = try ClientKey(entry.key)
        if let groupCommit { return try await groupCommit.post(entry, as: actor, proving: proof, to: coop, with: self) }
        return try await postAlone(entry, to: coop)
    }

    /// Posts an entry in a transaction of its own.
    func postAlone(_ entry: JournalEntry, to coop: CoopCode) async throws -> NumberedPosting {
        let outcome = try await writeRetryingOnKeyRace { try Self.post(entry, to: coop, on: $0) }
        return NumberedPosting(outcome: outcome, voucher: try await numbers(of: [outcome], in: coop)[outcome.entryID])
    }

    /// The voucher numbers newly posted entries took at their commit (read after it, so
    /// the cooperative's chain lock is not held for one more round trip).
    func numbers(of outcomes: [PostingOutcome], in coop: CoopCode) async throws -> [EntryID: VoucherNumber] {
        let posted = outcomes.compactMap { outcome -> EntryID? in
            guard case .posted(let id) = outcome else { return nil }
            return id
        }
        guard !posted.isEmpty else { return [:] }
        return try await readStatement { try JournalRepository.voucherNumbers(of: posted.map { (coop, $0) }, on: $0)[coop] ?? [:] }
    }

    /// Posts the reversal of entry `id`: its lines negated, dated `date`. An entry is
    /// reversed at most once, and a reversal is not itself reversed.
    /// `role`: who asks (the command line is the database's trusted client: admin).
    public func reverse(_ id: EntryID, date: Day, key: ClientKey, by role: Role = .admin, in coop: CoopCode) async throws -> PostingOutcome {
        return try await writeRetryingOnKeyRace { connection in
            let journal = JournalRepository(connection, coop: coop)
            guard let original = try journal.entry(id) else {
                throw LedgerError(.unknownEntry, field: "entry", value: id.description, rule: "no such entry in this cooperative")
            }
            let needed = Role.toReverse(original.entry.kind)
            guard role >= needed else {
                throw LedgerError(
                    .forbidden, field: "entry", value: id.description,
                    rule: "reversing a \(original.entry.kind.rawValue) entry is for an \(needed.rawValue)")
            }
            if let rule = Self.reversalRule(for: original.entry.kind) {
                throw LedgerError(.notReversible, field: "entry", value: id.description, rule: rule)
            }
            if original.entry.kind == .payroll, try PayrollRepository(connection, coop: coop).isPaid(id) {
                throw LedgerError(
                    .notReversible, field: "entry", value: id.description,
                    rule: "this payroll is paid; reverse its payment first, so no one's wages are left overpaid")
            }
            let reversal = try original.entry.reversal(of: id, key: key.rawValue, date: date)
            if let replay = try Self.replay(reversal, journal: journal) { return replay }
            if original.entry.reverses != nil {
                throw LedgerError(
                    .notReversible, field: "entry", value: id.description, rule: "this entry is itself a reversal; post the correction as a new entry")
            }
            if let existing = try journal.reversal(of: id) {
                throw LedgerError(.alreadyReversed, field: "entry", value: id.description, rule: "already reversed by entry \(existing)")
            }
            return try Self.post(reversal, to: coop, on: connection)
        }
    }

    public func entry(_ id: EntryID, in coop: CoopCode) async throws -> StoredEntry? {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try JournalRepository(connection, coop: coop).entry(id)
        }
    }

    /// Entries after `after`, in id order, at most `limit`.
    public func entries(of coop: CoopCode, after: EntryID, limit: Int) async throws -> [StoredEntry] {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try JournalExportQuery(connection, coop: coop).page(after: after.value, limit: limit)
        }
    }

    public func trialBalance(of coop: CoopCode, asOf: Day?) async throws -> TrialBalance {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            // One snapshot (repeatable read): the head is the one these balances were read with.
            var balance = try TrialBalanceQuery(connection, coop: coop).run(asOf: asOf)
            balance.chainHead = try HashChain(connection, coop: coop).head().hash
            return balance
        }
    }

    // MARK: - Inside a transaction

    static func post(_ entry: JournalEntry, to coop: CoopCode, on connection: Connection) throws -> PostingOutcome {
        try post([entry], to: coop, on: connection)[0].get()
    }

    /// Posts entries to one cooperative in the caller's transaction: `post(_:on:)` with one part.
    static func post(_ entries: [JournalEntry], to coop: CoopCode, on connection: Connection) throws -> [Result<PostingOutcome, LedgerError>] {
        try post([(coop, entries)], on: connection)[0]
    }

    /// Posts entries, each part's to its cooperative (the cooperatives distinct), in the
    /// caller's transaction, as its acting person; the outcomes part by part. Each entry is
    /// checked as one posted alone, with what the checks need of each cooperative (its chart,
    /// the keys, members and periods) read for all the parts at once (`PostingFacts`); then the
    /// entries and their lines are written in one statement each, so the database's checks run
    /// once for the lot. An entry refused here is refused alone (nothing of it is written); a
    /// key given twice to a cooperative posts once, the second a replay of the first (or a
    /// conflict, if its content differs).
    static func post(_ parts: [(coop: CoopCode, entries: [JournalEntry])], on connection: Connection) throws -> [[Result<PostingOutcome, LedgerError>]] {
        let facts = try PostingFacts.read(for: Dictionary(parts.map { ($0.coop, $0.entries) }, uniquingKeysWith: +), on: connection)
        let today = try Today.day()

        enum Step { case done(Result<PostingOutcome, LedgerError>), write(Int), sameKey(as: Int, JournalEntry) }
        var steps: [[Step]] = []
        var writing: [(coop: CoopCode, entry: JournalEntry)] = []
        for (coop, entries) in parts {
            guard let facts = facts[coop] else {
                steps.append(entries.map { _ in .done(.failure(unknownCooperative(coop))) })
                continue
            }
            // Where approval is required, an entry that moves money without a voucher is posted
            // by an approver or admin, never a preparer alone (sql/025).
            let postsWithoutApproval =
                try facts.requiresApproval && entries.contains { $0.kind != .general }
                && !PeopleRepository(connection).actingPersonHolds(PersonRole.approving, in: coop)
            var writingIndexByKey: [String: Int] = [:]
            steps.append(
                try entries.map { original in
                    do {
                        // The ledger's own entries name standard accounts; where the cooperative
                        // keeps sub-accounts they go to its chosen one. A person's general entry
                        // names its leaf itself, and a reversal mirrors its original exactly.
                        let entry = original.kind == .general || original.kind == .reversal ? original : try original.postingToLeaves(of: facts.chart)
                        if let existing = facts.earlier[entry.key] { return .done(.success(try replay(entry, of: existing))) }
                        if let first = writingIndexByKey[entry.key] { return .sameKey(as: first, entry) }
                        if entry.kind == .general, facts.requiresApproval {
                            throw LedgerError(
                                .voucherRule, field: "coop", value: coop.rawValue,
                                rule:
                                    "requires approval: prepare a voucher draft (`coopledger voucher draft`, POST /v1/coops/\(coop)/vouchers) for another person to approve"
                            )
                        }
                        if entry.kind != .general, postsWithoutApproval {
                            throw LedgerError(
                                .voucherRule, field: "coop", value: coop.rawValue,
                                rule: "requires approval: a \(entry.kind.rawValue) entry is posted by an approver or admin there, not by a preparer alone")
                        }
                        try EntryDates.check(entry.date, today: today)
                        try entry.validate(against: facts.chart, members: facts.members)
                        try facts.periods.requireOpen(entry.date)
                        writingIndexByKey[entry.key] = writing.count
                        writing.append((coop, entry))
                        return .write(writing.count - 1)
                    } catch let refusal as LedgerError {
                        return .done(.failure(refusal))
                    }
                })
        }
        let ids = try JournalRepository.insert(writing, on: connection)
        return steps.map { part in
            part.map { step in
                switch step {
                case .done(let result): result
                case .write(let index): .success(.posted(ids[index]))
                case .sameKey(let first, let entry):
                    Result { () throws(LedgerError) in try replay(entry, of: StoredEntry(id: ids[first], entry: writing[first].entry)) }
                }
            }
        }
    }

    /// The earlier entry under the same key if it is identical; a conflict if it differs.
    static func replay(_ entry: JournalEntry, journal: JournalRepository) throws -> PostingOutcome? {
        try journal.entry(withKey: entry.key).map { try replay(entry, of: $0) }
    }

    /// The ledger's own entries (a lease's fee, a run) are replayed when their bookings agree:
    /// their memo is the ledger's wording, which a later version may word otherwise (issue 23
    /// made them Chinese only), and re-running a year's accruals must not then conflict.
    static func replay(_ entry: JournalEntry, of existing: StoredEntry) throws(LedgerError) -> PostingOutcome {
        let isSystemKey = ClientKey.reservedPrefixes.contains { entry.key.hasPrefix($0) }
        guard isSystemKey ? existing.entry.hasSameBookings(as: entry) : existing.entry == entry else {
            throw LedgerError(.idempotencyConflict, field: "key", value: entry.key, rule: "already used by entry \(existing.id) with other content")
        }
        return .replayed(existing.id)
    }

    /// Why an entry of this kind is not reversed on its own, or nil if it may be.
    static func reversalRule(for kind: EntryKind) -> String? {
        switch kind {
        case .yearEndClose, .surplusDistribution: "an entry of a distribution run; reverse the run (dividend reverse)"
        case .loanEquityReceived, .loanEquityRepaid: "an entry of a loan-equity contract; it follows the contract"
        case .opening: "the opening balances; the books begin with them (correct a figure with a general entry)"
        case .assetAcquisition, .depreciation, .assetDisposal: "an entry of the asset register, which it follows; correct a figure with a general entry"
        case .openingYearToDate: "the year's amounts up to the opening; the books begin with them (correct a figure with a general entry)"
        case .subAccountOpening: "the balance its account carried into its first sub-account; the account is a heading now"
        default: nil
        }
    }

    static func requireCooperative(_ coop: CoopCode, on connection: Connection) throws {
        guard try CooperativeRepository(connection).find(coop) != nil else { throw unknownCooperative(coop) }
    }

    static func unknownCooperative(_ code: CoopCode) -> LedgerError {
        LedgerError(.unknownCooperative, field: "coop", value: code.rawValue, rule: "no such cooperative")
    }

    // MARK: - Running work

    func read<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await translatingRefusals {
            try await pool.withConnection { connection in
                try connection.withTransaction(isolation: .repeatableRead, body)
            }
        }
    }

    /// A read in one statement, which is a snapshot of its own: no transaction around it.
    func readStatement<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await translatingRefusals { try await pool.withConnection(body) }
    }

    func write<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await translatingRefusals { try await transaction(body) }
    }

    /// Two writes with one key may race; the loser's insert hits the key's unique index.
    /// Running it again finds the winner's row and replays or refuses it. The database's
    /// error is looked at before it is translated, so the race is told from a refusal.
    func writeRetryingOnKeyRace<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        try await translatingRefusals {
            do {
                return try await transaction(body)
            } catch let error as PostgresError where DatabaseRefusal.isKeyRace(error) {
                logger.debug("idempotency key race; looking up the winning row")
                return try await transaction(body)
            }
        }
    }

    /// A write transaction that proves or names its person first (local to it).
    func transaction<Result: Sendable>(_ body: @escaping @Sendable (Connection) throws -> Result) async throws -> Result {
        let (actor, proof) = (actor, proof)
        return try await pool.withConnection { connection in
            try connection.withTransaction { connection in
                try Self.act(as: actor, proving: proof, on: connection)
                return try body(connection)
            }
        }
    }

    /// Who the transaction's writes are by: proven by a live token (sql/032), else named
    /// (coopledger.actor), which the database believes only of the owner of the books.
    static func act(as actor: Login?, proving proof: String?, on connection: Connection) throws {
        if let proof {
            try TokenRepository(connection).bind(proof)
        } else {
            try connection.query("SELECT set_config('coopledger.actor', \(actor?.rawValue ?? ""), true)")
        }
    }

    private func translatingRefusals<Result>(_ work: () async throws -> Result) async throws -> Result {
        do {
            return try await work()
        } catch {
            throw Self.translated(error)
        }
    }

    /// A database refusal as the ledger's own error (the rule it broke); anything else as is.
    static func translated(_ error: any Error) -> any Error {
        if let database = error as? PostgresError, let refusal = DatabaseRefusal.ledgerError(for: database) { return refusal }
        return error
    }
}
