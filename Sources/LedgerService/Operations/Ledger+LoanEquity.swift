import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Records a household's loan-equity contract and books the principal received:
    /// 102 / 231 member (liability) or 102 / 301 member (equity).
    public func addLoanEquity(_ contract: LoanEquityContract, key: String?, in coop: CoopCode) async throws -> (id: Int64, outcome: CreateOutcome) {
        if let key { try JournalEntry.checkKey(key) }
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            try Self.requireMember(contract.member, in: coop, on: connection)
            let repository = LoanEquityRepository(connection, coop: coop)
            if let key, let existing = try repository.find(key: key) {
                guard existing.contract == contract else {
                    throw LedgerError(
                        .idempotencyConflict, field: "key", value: key, rule: "already used by loan-equity contract \(existing.id) with other terms")
                }
                return (existing.id, .alreadyPresent)
            }
            let id = try repository.nextID()
            let entry = try JournalEntry(
                key: SystemKey.loanEquityReceived(contract: id), date: contract.startsOn,
                memo: "扶贫贷款入股 合同\(id) 成员\(contract.member) \(contract.years)年（\(contract.treatment == .liability ? "长期借款" : "股金")）",
                lines: [
                    .debit(AccountCode.bankDeposits, contract.principal), .credit(Self.principalAccount(contract), member: contract.member, contract.principal),
                ],
                kind: .loanEquityReceived
            )
            let posted = try Self.post(entry, to: coop, on: connection)
            try repository.insert(contract, id: id, receivedIn: posted.entryID, key: key)
            return (id, .created)
        }
    }

    /// Accrues each liability contract's fixed payout for `year` (524 / 215 member),
    /// pro rata by days in the first and last year. Idempotent per contract and year.
    public func accrueLoanEquityPayouts(year: Int, in coop: CoopCode) async throws -> BatchOutcome {
        let date = try Day.lastDay(ofYear: year)
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            var outcome = BatchOutcome()
            for stored in try LoanEquityRepository(connection, coop: coop).all() where stored.contract.treatment == .liability {
                let payout = try stored.contract.payout(forYear: year, repaidOn: stored.repaidOn)
                guard payout.fen > 0 else { outcome.nothingDue += 1; continue }
                let entry = try JournalEntry(
                    key: SystemKey.loanEquityPayout(contract: stored.id, year: year), date: date,
                    memo: "扶贫贷款入股固定收益 \(year)年 合同\(stored.id) 成员\(stored.contract.member)",
                    lines: [.debit(AccountCode.financialExpenses, payout), .credit(AccountCode.interestPayable, member: stored.contract.member, payout)],
                    kind: .loanEquityPayout
                )
                outcome.record(try Self.post(entry, to: coop, on: connection))
            }
            return outcome
        }
    }

    /// Pays the payouts accrued for `year` to the households (215 / member → 102), one
    /// entry per contract. Idempotent per contract and year; a contract with nothing
    /// accrued for the year (or its accrual reversed) has nothing due.
    public func payLoanEquityPayouts(year: Int, date: Day, in coop: CoopCode) async throws -> BatchOutcome {
        let accruedOn = try Day.lastDay(ofYear: year)
        guard date >= accruedOn else {
            throw LedgerError(
                .invalidDate, field: "date", value: date.description, rule: "payouts for \(year) are accrued on \(accruedOn); pay them on or after it")
        }
        return try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let journal = JournalRepository(connection, coop: coop)
            var outcome = BatchOutcome()
            for stored in try LoanEquityRepository(connection, coop: coop).all() where stored.contract.treatment == .liability {
                guard let accrual = try journal.entry(withKey: SystemKey.loanEquityPayout(contract: stored.id, year: year)),
                    try journal.reversal(of: accrual.id) == nil,
                    let owed = try accrual.entry.lines.first(where: { $0.account == .interestPayable })?.amount.negated()
                else {
                    outcome.nothingDue += 1
                    continue
                }
                let member = stored.contract.member
                let entry = try JournalEntry(
                    key: SystemKey.loanEquityPaid(contract: stored.id, year: year), date: date,
                    memo: "支付扶贫贷款入股固定收益 \(year)年 合同\(stored.id) 成员\(member)",
                    lines: [.debit(.interestPayable, member: member, owed), .credit(.bankDeposits, owed)],
                    kind: .loanEquityPayoutPayment
                )
                outcome.record(try Self.post(entry, to: coop, on: connection))
            }
            return outcome
        }
    }

    /// Returns the principal (231 or 301 member / 102) and ends the contract. A contract
    /// is repaid once; `contract` picks one when the member has several.
    public func repayLoanEquity(member: MemberNumber, contract contractID: Int64?, date: Day, in coop: CoopCode) async throws -> (
        id: Int64, outcome: PostingOutcome
    ) {
        try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let repository = LoanEquityRepository(connection, coop: coop)
            let contracts = try repository.all(member: member).filter { contractID == nil || $0.id == contractID }
            let open = contracts.filter { $0.repaidOn == nil }
            guard let stored = open.first else {
                if let repaid = contracts.first, let day = repaid.repaidOn {
                    throw LedgerError(
                        .duplicate, field: "member", value: member.description, rule: "loan-equity contract \(repaid.id) was repaid on \(day) already")
                }
                throw LedgerError(.unknownContract, field: "member", value: member.description, rule: "no loan-equity contract for this member")
            }
            guard open.count == 1 else {
                throw LedgerError(
                    .invalidValue, field: "contract",
                    rule: "member \(member) has \(open.count) open contracts (\(open.map { String($0.id) }.joined(separator: ", "))); name one with --contract")
            }
            guard date >= stored.contract.startsOn else {
                throw LedgerError(.invalidDate, field: "date", value: date.description, rule: "the contract starts on \(stored.contract.startsOn)")
            }
            let entry = try JournalEntry(
                key: SystemKey.loanEquityRepaid(contract: stored.id), date: date,
                memo: "扶贫贷款入股本金归还 合同\(stored.id) 成员\(member)",
                lines: [
                    .debit(Self.principalAccount(stored.contract), member: member, stored.contract.principal),
                    .credit(AccountCode.bankDeposits, stored.contract.principal),
                ],
                kind: .loanEquityRepaid
            )
            let outcome = try Self.post(entry, to: coop, on: connection)
            try repository.markRepaid(stored.id, on: date, entry: outcome.entryID)
            return (stored.id, outcome)
        }
    }

    static func principalAccount(_ contract: LoanEquityContract) -> AccountCode {
        contract.treatment == .liability ? AccountCode.longTermBorrowings : AccountCode.shareCapital
    }
}
