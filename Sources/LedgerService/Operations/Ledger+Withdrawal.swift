import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// A member leaves (退社, law art. 28): their contribution (301) and reserve share (322) are
    /// returned, owed on their 114 account (or paid from the bank at once), and the day they
    /// left is recorded (dealings on or after that day are refused; reversing the leave
    /// reinstates the member). Their subsidy and donation shares (311) stay recorded, as the law
    /// returns only the contribution and the reserve share; from the year they leave, they
    /// take no part in the capital pool.
    public func withdraw(member number: MemberNumber, date: Day, key: ClientKey, paidAtOnce: Bool, in coop: CoopCode) async throws -> PostingOutcome {
        try await writeRetryingOnKeyRace { connection in
            try Self.requireCooperative(coop, on: connection)
            let members = MemberRepository(connection, coop: coop)
            guard let member = try members.find(number) else {
                throw LedgerError(.unknownMember, field: "member", value: number.description, rule: "no such member in this cooperative")
            }
            // A retry finds the leaving already booked (the balances it was computed from are gone).
            if let existing = try JournalRepository(connection, coop: coop).entry(withKey: key.rawValue) {
                guard existing.entry.kind == .memberWithdrawal, existing.entry.memberNumbers.contains(number), existing.entry.date == date else {
                    throw LedgerError(.idempotencyConflict, field: "key", value: key.rawValue, rule: "already used by entry \(existing.id) with other content")
                }
                return .replayed(existing.id)
            }
            if let joined = member.joinedOn, date < joined {
                throw LedgerError(.invalidDate, field: "date", value: date.description, rule: "member \(number) joined on \(joined)")
            }
            if let left = member.leftOn {
                throw LedgerError(.notAMember, field: "member", value: number.description, rule: "member \(number) left on \(left) already")
            }
            let shares = try MemberAccountQuery(connection, coop: coop).balances(member: number, through: date, inclusive: true)
            let capital = try shares.capitalFromPovertyAlleviationAssets.adding(shares.capitalOther, field: "capital")
            let returned = try capital.adding(shares.reserveShare, field: "returned")
            var lines: [PostingLine] = []
            if capital.fen > 0 { lines.append(.debit(.shareCapital, member: number, capital)) }
            if shares.reserveShare.fen > 0 { lines.append(.debit(.surplusReserve, member: number, shares.reserveShare)) }
            guard !lines.isEmpty, returned.fen > 0 else {
                throw LedgerError(.invalidValue, field: "member", value: number.description, rule: "has no contribution or reserve share to return on \(date)")
            }
            lines.append(paidAtOnce ? .credit(.bankDeposits, returned) : .credit(.memberCurrentAccounts, member: number, returned))
            let entry = try JournalEntry(
                key: key.rawValue, date: date,
                memo: "成员退社 成员\(number)：退还出资 \(capital)、公积金份额 \(shares.reserveShare)（合作社法第二十八条）",
                lines: lines, kind: .memberWithdrawal
            )
            // The database records the leaving day from the entry at commit (sql/019), and
            // clears it when the entry is reversed: membership follows the journal.
            return try Self.post(entry, to: coop, on: connection)
        }
    }
}
