import LedgerCore
import LedgerStore
import Postgres

/// The asset register (issue 26): acquisitions, monthly depreciation and disposals, each
/// ledger-posted so the statements and the surplus see them.
extension Ledger {
    /// Enters an asset and books its acquisition (151 or 142, from 102, 153 or 141); one the
    /// opening brought in (`.opening`, acquired by the opening's date) takes no entry, its
    /// depreciation going on from the month after the opening. The same key again with the
    /// same terms is a no-op; with other terms, a conflict.
    public func addAsset(_ asset: Asset, key: ClientKey, in coop: CoopCode) async throws -> (number: Int32, outcome: CreateOutcome) {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: "add assets", on: connection)
            try PeriodRepository(connection, coop: coop).lockBooks()
            let register = AssetRepository(connection, coop: coop)
            var asset = asset
            if asset.source == .opening {
                // The opening's date: a mid-year opening's is its year's amounts' (sql/028).
                let journal = JournalRepository(connection, coop: coop)
                guard let opening = try journal.entry(withKey: SystemKey.openingYearToDate) ?? journal.entry(withKey: SystemKey.opening) else {
                    throw LedgerError(.invalidValue, field: "from", value: "opening", rule: "the cooperative has no opening balances to bring the asset in")
                }
                asset = try asset.broughtIn(on: opening.entry.date)
                try PeriodRepository(connection, coop: coop).requireOpen(try asset.firstMonth().firstDay, field: "from")
            }
            if let number = try register.number(forKey: key.rawValue) {
                guard try register.records(only: number).first?.asset == asset else {
                    throw LedgerError(.idempotencyConflict, field: "key", value: key.rawValue, rule: "already used by asset A\(number) with other terms")
                }
                return (number, .alreadyPresent)
            }
            guard let expense = try AccountRepository(connection, coop: coop).chart()[asset.expenseAccount], expense.isPostable else {
                throw LedgerError(
                    .unknownAccount, field: "cost-account", value: asset.expenseAccount.rawValue,
                    rule: "no postable account of that code in this cooperative's chart")
            }
            if let last = try register.lastDepreciatedMonth(), try asset.firstMonth() <= last {
                throw LedgerError(
                    .periodOrder, field: "acquired", value: asset.acquiredOn.description,
                    rule:
                        "the register is depreciated through \(last); an asset acquired before then would miss its first months (its depreciation starts the month after it is acquired)"
                )
            }
            let number = try register.nextNumber()
            let entry = try asset.acquisitionEntry(number: number).map { try Self.post($0, to: coop, on: connection).entryID }
            try register.insert(asset, number: number, key: key.rawValue, entry: entry)
            return (number, .created)
        }
    }

    /// Books what a building under construction cost (153 在建工程, from 102 or `from`); when
    /// it is finished, `addAsset` with `.construction` moves its cost into 151.
    public func bookConstruction(amount: Money, date: Day, memo: String, from: AccountCode = .bankDeposits, key: ClientKey, in coop: CoopCode) async throws
        -> PostingOutcome
    {
        guard amount.fen > 0 else { throw LedgerError(.invalidAmount, field: "amount", value: amount.description, rule: "a construction cost is positive") }
        let entry = try JournalEntry(
            key: key.rawValue, date: date, memo: memo.isEmpty ? "在建工程" : "在建工程：\(memo)",
            lines: [.debit(AccountCode("153"), amount), .credit(from, amount)])
        return try await write { connection in
            try requireActor(holding: [.admin], in: coop, to: "book construction", on: connection)
            return try Self.post(entry, to: coop, on: connection)
        }
    }

    /// One asset with its history; nil when the register has no such number.
    public func asset(_ number: Int32, in coop: CoopCode) async throws -> AssetRecord? {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try AssetRepository(connection, coop: coop).records(only: number).first
        }
    }

    /// The register, every asset with its history.
    public func assets(of coop: CoopCode) async throws -> [AssetRecord] {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try AssetRepository(connection, coop: coop).records()
        }
    }

    /// Posts `month`'s depreciation of every asset due one, as one voucher dated the month's
    /// last day: each expense account debited, 152 and 143 credited. Posting the month again
    /// replays it; nil when no asset is due. Months go in order: an earlier month due first.
    public func depreciate(month: CalendarMonth, in coop: CoopCode) async throws -> PostingOutcome? {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try PeriodRepository(connection, coop: coop).lockBooks()
            if let existing = try JournalRepository(connection, coop: coop).entry(withKey: SystemKey.depreciation(month)) {
                return .replayed(existing.id)
            }
            let register = AssetRepository(connection, coop: coop)
            let records = try register.records()
            try Self.requireDepreciated(records, through: try month.previous())
            let due = try records.compactMap { record in try record.depreciation(for: month).map { (record, $0) } }
            guard !due.isEmpty else { return nil }
            var debits: [AccountCode: Int64] = [:]
            var credits: [AccountCode: Int64] = [:]
            for (record, amount) in due {
                debits[record.asset.expenseAccount, default: 0] += amount.fen
                credits[record.asset.assetClass.depreciationAccount, default: 0] += amount.fen
            }
            let lines =
                debits.sorted { $0.key.rawValue < $1.key.rawValue }.map { PostingLine(account: $0.key, amount: Money(fen: $0.value)) }
                + credits.sorted { $0.key.rawValue < $1.key.rawValue }.map { PostingLine(account: $0.key, amount: Money(fen: -$0.value)) }
            let entry = try JournalEntry(
                key: SystemKey.depreciation(month), date: month.lastDay,
                memo: "\(month) 计提折旧 \(due.count) 项资产", lines: lines, kind: .depreciation)
            let outcome = try Self.post(entry, to: coop, on: connection)
            for (record, amount) in due {
                try register.insertDepreciation(asset: record.number, month: month, amount: amount, entry: outcome.entryID)
            }
            return outcome
        }
    }

    /// Takes an asset, or `count` heads of a breeding batch, out of the register: its share of
    /// cost and depreciation removed, the proceeds banked, the gain or loss to 502 or 529
    /// (a fixed asset through 154). It must be depreciated through the month before.
    public func disposeAsset(
        _ number: Int32, date: Day, count: Int?, proceeds: Money, reason: DisposalReason,
        key: ClientKey, in coop: CoopCode
    ) async throws -> PostingOutcome {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: "dispose of assets", on: connection)
            try PeriodRepository(connection, coop: coop).lockBooks()
            let register = AssetRepository(connection, coop: coop)
            if let earlier = try register.disposal(forKey: key.rawValue) {
                guard earlier.asset == number,
                    let entry = try JournalRepository(connection, coop: coop).entry(withKey: SystemKey.assetDisposal(earlier.asset, earlier.disposal))
                else {
                    throw LedgerError(.idempotencyConflict, field: "key", value: key.rawValue, rule: "already used by a disposal of A\(earlier.asset)")
                }
                return .replayed(entry.id)
            }
            guard let record = try register.records(only: number).first else {
                throw LedgerError(.unknownAsset, field: "asset", value: "A\(number)", rule: "no such asset in this cooperative's register")
            }
            try Self.requireDepreciated([record], through: try CalendarMonth(of: date).previous())
            if let last = record.depreciation.last?.month, date < last.firstDay {
                throw LedgerError(
                    .invalidDate, field: "date", value: date.description,
                    rule: "A\(number) is depreciated through \(last); a disposal is dated in that month or later")
            }
            let disposal = try record.disposal(number: Int32(record.disposals.count + 1), date: date, count: count, proceeds: proceeds, reason: reason)
            let outcome = try Self.post(try record.disposalEntry(disposal), to: coop, on: connection)
            try register.insertDisposal(disposal, asset: number, key: key.rawValue, entry: outcome.entryID)
            return outcome
        }
    }

    /// Refuses while an asset has a month through `month` not yet depreciated, naming it and
    /// the command that does it (closing a month, a year or a disposal waits for it).
    static func requireDepreciated(_ records: [AssetRecord], through month: CalendarMonth) throws {
        for record in records {
            if let first = try record.monthsDue(through: month).first {
                throw LedgerError(
                    .periodOrder, field: "month", value: first.description,
                    rule: "A\(record.number) \(record.asset.name) is not depreciated for \(first): asset depreciate --month \(first) first")
            }
        }
    }

    static func requireDepreciated(through month: CalendarMonth, in coop: CoopCode, on connection: Connection) throws {
        try requireDepreciated(try AssetRepository(connection, coop: coop).records(), through: month)
    }
}
