import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// The year's distribution as it would be posted now. Writes nothing.
    public func previewDistribution(year: Int, in coop: CoopCode) async throws -> Distribution {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try Self.computeDistribution(year: year, coop: coop, on: connection)
        }
    }

    /// The year's posted run, if any.
    public func postedDistribution(year: Int, in coop: CoopCode) async throws -> StoredRun? {
        try await read { connection in
            try DistributionRunRepository(connection, coop: coop).posted(year: year)
        }
    }

    /// Posts the year's run in one transaction: every entry, the run with its inputs,
    /// and the year closed. A year is posted once; of concurrent posts exactly one wins.
    public func postDistribution(year: Int, in coop: CoopCode) async throws -> StoredRun {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            return try Self.postRun(year: year, coop: coop, on: connection) { _ in }
        }
    }

    /// The voucher numbers a run's entries took.
    public func voucherRanges(of run: StoredRun, in coop: CoopCode) async throws -> [VoucherRange] {
        try await read { connection in
            VoucherRange.of(try JournalRepository(connection, coop: coop).entries(keyPrefix: run.keyPrefix).compactMap(\.voucher))
        }
    }

    /// Closes a year that has nothing to distribute (a loss, or no surplus): its profit
    /// and loss still close into 331 and 332 未分配盈余, so the next year's L is right. It
    /// is recorded as a run like any other, so reversing that run reopens the year.
    public func closeYear(_ year: Int, of coop: CoopCode) async throws -> CreateOutcome {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            // Locked before asking, so of two concurrent closes the second finds the year closed.
            let periods = PeriodRepository(connection, coop: coop)
            try periods.lockBooks()
            if try periods.isClosed(year: year) { return .alreadyPresent }
            _ = try Self.postRun(year: year, coop: coop, on: connection) { distribution in
                guard distribution.hasNothingToDistribute else {
                    throw LedgerError(
                        .charterRule, field: "year", value: String(year),
                        rule:
                            "the year has a distributable surplus of \(distribution.distributable); close it with its distribution run (dividend post --year \(year))"
                    )
                }
            }
            return .created
        }
    }

    /// The run of `year`, posted on `connection`; `check` may refuse the computed figures.
    static func postRun(year: Int, coop: CoopCode, on connection: Connection, check: (Distribution) throws -> Void) throws -> StoredRun {
        // The books first: posters finish before, and wait after, so the figures below
        // are the year's final ones.
        let periods = PeriodRepository(connection, coop: coop)
        try periods.lockBooks()
        let runs = DistributionRunRepository(connection, coop: coop)
        if let existing = try runs.posted(year: year) {
            throw LedgerError(
                .duplicate, field: "year", value: String(year), rule: "already posted as run \(existing.id); reverse it first to post a corrected run")
        }
        try periods.requireOpen(try Day.lastDay(ofYear: year), field: "year")
        // December's depreciation is a cost of the year: the surplus waits for it.
        try Self.requireDepreciated(through: try CalendarMonth(year: year, month: 12), in: coop, on: connection)
        let query = DistributionQuery(connection, coop: coop)
        let settings = try query.settings()
        let profitAndLoss = try query.profitAndLoss(year: year)
        let distribution = try SurplusDistribution.compute(try query.inputs(year: year, settings: settings, profitAndLoss: profitAndLoss), settings: settings)
        try check(distribution)
        let id = try runs.nextID()
        for entry in try YearEndEntries.make(for: distribution, profitAndLoss: profitAndLoss, keyPrefix: StoredRun.keyPrefix(year: year, run: id)) {
            _ = try post(entry, to: coop, on: connection)
        }
        try runs.insert(distribution, id: id)
        _ = try periods.close(year: year)
        return StoredRun(id: id, isReversed: false, distribution: distribution)
    }

    /// Reverses the year's run: reopens the year, posts the reversal of every entry of the
    /// run (dated 31 December of the year, so the year's books net to nothing), and marks
    /// the run reversed so a corrected run can be posted.
    public func reverseDistribution(year: Int, in coop: CoopCode) async throws -> StoredRun {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try PeriodRepository(connection, coop: coop).lockBooks()
            let runs = DistributionRunRepository(connection, coop: coop)
            guard let run = try runs.posted(year: year) else {
                throw LedgerError(.unknownRun, field: "year", value: String(year), rule: "no posted distribution run for this year")
            }
            if let later = try runs.postedAfter(year: year).first {
                throw LedgerError(
                    .charterRule, field: "year", value: String(year),
                    rule: "the run of \(later.distribution.year) (run \(later.id)) builds on this one; reverse it first")
            }
            let journal = JournalRepository(connection, coop: coop)
            let payments = try journal.entries(keyPrefix: run.keyPrefix + ":pay").filter { try journal.reversal(of: $0.id) == nil }
            if let paid = payments.first {
                throw LedgerError(
                    .charterRule, field: "year", value: String(year), rule: "refunds were paid out already (entry \(paid.id)); reverse the payments first")
            }
            try PeriodRepository(connection, coop: coop).reopen(year: year)
            let date = try Day.lastDay(ofYear: year)
            // With the separator: run 7's prefix must not match run 70's keys.
            for stored in try journal.entries(keyPrefix: run.keyPrefix + ":") where try journal.reversal(of: stored.id) == nil {
                let reversal = try stored.entry.reversal(of: stored.id, key: SystemKey.reversal(of: stored.entry.key), date: date)
                _ = try Self.post(reversal, to: coop, on: connection)
            }
            try runs.markReversed(run.id)
            return run
        }
    }

    /// Pays the refunds and residual of the year's run (221/222 member → 102), or
    /// converts them into capital (→ 301 member, law art. 44), for one member or all.
    /// Idempotent per member and year.
    public func payDistribution(year: Int, member: MemberNumber?, date: Day, convertToCapital: Bool, in coop: CoopCode) async throws -> BatchOutcome {
        try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            guard let run = try DistributionRunRepository(connection, coop: coop).posted(year: year) else {
                throw LedgerError(.unknownRun, field: "year", value: String(year), rule: "no posted distribution run for this year")
            }
            let shares = run.distribution.members.filter { member == nil || $0.member == member }
            if let member, shares.isEmpty {
                throw LedgerError(.unknownMember, field: "member", value: member.description, rule: "the \(year) run has nothing for this member")
            }
            let journal = JournalRepository(connection, coop: coop)
            var outcome = BatchOutcome()
            for share in shares {
                let total = try share.patronageRefund.adding(share.capitalDistribution)
                guard total.fen > 0 else { outcome.nothingDue += 1; continue }
                // Keyed by run: after a reversal and a corrected run, members are paid anew.
                let payKey = SystemKey.runPayment(runPrefix: run.keyPrefix, member: share.member)
                let convertKey = SystemKey.runConversion(runPrefix: run.keyPrefix, member: share.member)
                if let other = try journal.entry(withKey: convertToCapital ? payKey : convertKey) {
                    // Paying everyone skips a member settled the other way; naming them is an error.
                    guard member != nil else { outcome.nothingDue += 1; continue }
                    throw LedgerError(
                        .duplicate, field: "member", value: share.member.description,
                        rule: "the \(year) distribution was already \(convertToCapital ? "paid out" : "converted into capital") in entry \(other.id)")
                }
                var lines: [PostingLine] = []
                if share.patronageRefund.fen > 0 { lines.append(.debit(AccountCode.patronageRefundsPayable, member: share.member, share.patronageRefund)) }
                if share.capitalDistribution.fen > 0 {
                    lines.append(.debit(AccountCode.residualSurplusPayable, member: share.member, share.capitalDistribution))
                }
                lines.append(convertToCapital ? .credit(AccountCode.shareCapital, member: share.member, total) : .credit(AccountCode.bankDeposits, total))
                let entry = try JournalEntry(
                    key: convertToCapital ? convertKey : payKey, date: date,
                    memo: convertToCapital ? "\(year) 盈余返还转增股金 成员\(share.member)" : "\(year) 支付盈余返还 成员\(share.member)",
                    lines: lines, kind: .distributionPayment
                )
                let posted = try Self.post(entry, to: coop, on: connection)
                if convertToCapital {
                    try ContributionRepository(connection, coop: coop).insert(member: share.member, source: .other, entry: posted.entryID)
                }
                outcome.record(posted)
            }
            return outcome
        }
    }

    /// Changes the charter's distribution settings; posted runs keep the ones they used.
    public func updateDistributionSettings(_ settings: DistributionSettings, in coop: CoopCode) async throws {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try CooperativeRepository(connection).updateDistributionSettings(settings, for: coop)
        }
    }

    public func distributionSettings(of coop: CoopCode) async throws -> DistributionSettings {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try DistributionQuery(connection, coop: coop).settings()
        }
    }

    static func computeDistribution(year: Int, coop: CoopCode, on connection: Connection) throws -> Distribution {
        let query = DistributionQuery(connection, coop: coop)
        let settings = try query.settings()
        return try SurplusDistribution.compute(try query.inputs(year: year, settings: settings), settings: settings)
    }
}
