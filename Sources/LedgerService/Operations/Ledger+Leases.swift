import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Records a land-transfer lease. With a key, adding the same lease again is a no-op.
    public func addLease(_ lease: Lease, key: String?, in coop: CoopCode) async throws -> (id: Int64, outcome: CreateOutcome) {
        if let key { try JournalEntry.checkKey(key) }
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            switch lease.lessor {
            case .member(let number): try Self.requireMember(number, in: coop, on: connection)
            case .household(let number): try Self.requireHousehold(number, in: coop, on: connection)
            }
            let repository = LeaseRepository(connection, coop: coop)
            if let key, let existing = try repository.find(key: key) {
                guard existing.lease == lease else {
                    throw LedgerError(.idempotencyConflict, field: "key", value: key, rule: "already used by lease \(existing.id) with other terms")
                }
                return (existing.id, .alreadyPresent)
            }
            return (try repository.insert(lease, key: key), .created)
        }
    }

    /// Posts each active lease's fee for `year` (401 / 114 member), dated 31 December.
    /// Idempotent per lease and year.
    public func accrueLeaseFees(year: Int, in coop: CoopCode) async throws -> BatchOutcome {
        let date = try Day.lastDay(ofYear: year)
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            var outcome = BatchOutcome()
            for stored in try LeaseRepository(connection, coop: coop).active(inYear: year) {
                let lease = stored.lease
                let fee = try lease.fee(forYear: year)
                guard fee.fen > 0 else { outcome.nothingDue += 1; continue }
                let days = try Day.daysCovered(inYear: year, from: lease.startsOn, through: lease.endsOn)
                let entry = try JournalEntry(
                    key: SystemKey.leaseFee(lease: stored.id, year: year), date: date,
                    memo:
                        "土地流转费 \(year)年 合同\(stored.id)\(Self.lessorNote(lease))：\(lease.area) 亩 × \(lease.yearlyRatePerMu) 元/亩 × \(days)/\(Day.daysInYear(year)) 天",
                    lines: [.debit(AccountCode.productionCosts, fee), .credit(lease.owedOn.account, member: lease.owedOn.member, fee)],
                    kind: .landFeeAccrual
                )
                outcome.record(try Self.post(entry, to: coop, on: connection))
            }
            return outcome
        }
    }

    /// Pays what was accrued for `year` (114 member / 102). Idempotent per lease and year.
    public func payLeaseFees(year: Int, date: Day, in coop: CoopCode) async throws -> BatchOutcome {
        try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let journal = JournalRepository(connection, coop: coop)
            var outcome = BatchOutcome()
            for stored in try LeaseRepository(connection, coop: coop).active(inYear: year) {
                guard let accrual = try journal.entry(withKey: SystemKey.leaseFee(lease: stored.id, year: year)),
                    try journal.reversal(of: accrual.id) == nil,
                    let credit = accrual.entry.lines.first(where: { $0.account == stored.lease.owedOn.account })
                else {
                    outcome.nothingDue += 1
                    continue
                }
                let owed = try credit.amount.negated()
                let entry = try JournalEntry(
                    key: SystemKey.leasePayment(lease: stored.id, year: year), date: date,
                    memo: "支付土地流转费 \(year)年 合同\(stored.id)\(Self.lessorNote(stored.lease))",
                    lines: [.debit(stored.lease.owedOn.account, member: stored.lease.owedOn.member, owed), .credit(AccountCode.bankDeposits, owed)],
                    kind: .landFeePayment
                )
                outcome.record(try Self.post(entry, to: coop, on: connection))
            }
            return outcome
        }
    }

    /// A non-member household's lease names it in the memo (its entry's lines carry no
    /// detail); a member's memo is as it always was, so earlier keys replay.
    static func lessorNote(_ lease: Lease) -> String {
        if case .household(let number) = lease.lessor { " 非成员农户\(number)" } else { "" }
    }
}
