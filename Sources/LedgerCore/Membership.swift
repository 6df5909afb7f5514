/// When a member is a member, and which lines only a member may have (law arts. 28 and 41).
///
/// A member is a member from the day they joined through the day before they left: a leave
/// dated 30 June returns the contribution and reserve share as they stood that day, and
/// nothing dealt on or after it is a member's dealing. The database holds the same rule
/// (`requires_membership` in sql/019); a test compares the two.
public enum Membership {
    /// Entry kinds that are dealings with a member: every member line of one needs membership.
    public static let dealingKinds: Set<EntryKind> = [
        .capitalContribution, .purchase, .sale, .loanEquityReceived, .subsidy, .donation, .reserveConversion,
    ]
    /// Kinds that may name a former member (or one not yet joined): the leave itself, a
    /// reversal (it undoes what was done while a member), the opening balances.
    public static let exemptKinds: Set<EntryKind> = [.memberWithdrawal, .reversal, .opening, .openingYearToDate]
    /// The member's equity: nothing more is put on or taken from it outside membership.
    static let equityAccounts: Set<AccountCode> = [.shareCapital, .specialFunds, .surplusReserve]

    /// Whether a line of an entry of `kind` on `account` (a member's detail account) needs
    /// its member to be a member on the entry's date. After a leave, a run still owes the
    /// patronage refund for dealings made while a member (221), but no residual (222).
    public static func isRequired(kind: EntryKind, account: Account) -> Bool {
        if exemptKinds.contains(kind) { return false }
        if dealingKinds.contains(kind) { return true }
        let standard = account.standardCode
        if equityAccounts.contains(standard) { return true }
        return kind == .surplusDistribution && standard == .residualSurplusPayable
    }

    /// Whether `member` is a member on `day`.
    public static func includes(_ member: Member, on day: Day) -> Bool {
        if let joined = member.joinedOn, day < joined { return false }
        if let left = member.leftOn, day >= left { return false }
        return true
    }

    /// The refusal for a line outside membership, naming the dates that rule it out.
    public static func refusal(member: Member, kind: EntryKind, day: Day, field: String) -> LedgerError {
        let why = if let joined = member.joinedOn, day < joined { "joined on \(joined)" } else { "left on \(member.leftOn?.description ?? "?")" }
        return LedgerError(
            .notAMember, field: field, value: member.number.description,
            rule: "member \(member.number) \(why); a \(kind.rawValue) dated \(day) is not a member's dealing")
    }
}
