import LedgerCore
import Postgres

/// Turns the database's refusals into ledger errors a user can act on.
///
/// Our triggers raise SQLSTATEs of class CL with messages written for users; those
/// messages are shown. Other server errors are not translated here.
public enum DatabaseRefusal {
    public static let unbalanced = SQLState("CL001")
    public static let appendOnly = SQLState("CL002")
    public static let periodClosed = SQLState("CL003")
    public static let invalidPosting = SQLState("CL004")
    public static let invalidReversal = SQLState("CL005")
    public static let unknownCooperative = SQLState("CL006")
    public static let periodOrder = SQLState("CL007")
    public static let recordProtected = SQLState("CL008")
    public static let outsideEntryTransaction = SQLState("CL009")
    public static let actorNotAllowed = SQLState("CL010")
    public static let voucherRule = SQLState("CL011")
    public static let outsideMembership = SQLState("CL012")
    public static let shareBelowZero = SQLState("CL013")
    public static let voucherChanged = SQLState("CL014")
    public static let dateOutOfRange = SQLState("CL015")

    /// The unique indexes behind idempotent writes: a retry racing its first attempt meets
    /// one, and running it again replays (or refuses) what the winner wrote.
    static let idempotencyConstraints: Set<String> = [
        "journal_entries_key_unique", "leases_key_unique", "loan_equity_key_unique", "members_pkey", "cooperatives_pkey",
    ]

    /// Whether the error is the loser's side of two writes racing with one key.
    public static func isKeyRace(_ error: PostgresError) -> Bool {
        error.kind == .server && error.sqlState == .uniqueViolation && idempotencyConstraints.contains(error.constraint ?? "")
    }

    /// The ledger error for a database refusal, or nil if it is not one we know.
    public static func ledgerError(for error: PostgresError) -> LedgerError? {
        guard error.kind == .server, let state = error.sqlState else { return nil }
        switch state {
        case unbalanced: return LedgerError(.unbalancedEntry, field: "lines", rule: error.message)
        case appendOnly: return LedgerError(.appendOnly, field: "", rule: error.message)
        case recordProtected: return LedgerError(.recordProtected, field: "", rule: error.message)
        case outsideEntryTransaction: return LedgerError(.outsideEntryTransaction, field: "lines", rule: error.message)
        case actorNotAllowed: return LedgerError(.forbidden, field: "user", rule: error.message)
        case voucherRule: return LedgerError(.voucherRule, field: "voucher", rule: error.message)
        case outsideMembership: return LedgerError(.notAMember, field: "member", rule: error.message)
        case dateOutOfRange: return LedgerError(.invalidDate, field: "date", rule: error.message)
        case voucherChanged: return LedgerError(.voucherChanged, field: "version", rule: error.message)
        case shareBelowZero: return LedgerError(.shareBelowZero, field: "lines", rule: error.message)
        case periodClosed: return LedgerError(.periodClosed, field: "date", rule: error.message)
        case invalidPosting: return LedgerError(.postingRefused, field: "lines", rule: error.message)
        case invalidReversal: return LedgerError(.alreadyReversed, field: "entry", rule: error.message)
        case unknownCooperative: return LedgerError(.unknownCooperative, field: "coop", rule: error.message)
        case periodOrder: return LedgerError(.periodOrder, field: "year", rule: error.message)
        case .uniqueViolation where error.constraint == "journal_entries_reversed_once":
            return LedgerError(.alreadyReversed, field: "entry", rule: "the entry has been reversed already")
        case .uniqueViolation where error.constraint == "cooperatives_pkey":
            return LedgerError(.duplicate, field: "coop", rule: "a cooperative with this code exists already")
        case .uniqueViolation where error.constraint == "members_pkey":
            return LedgerError(.duplicate, field: "number", rule: "a member with this number exists already")
        default: return nil
        }
    }
}
