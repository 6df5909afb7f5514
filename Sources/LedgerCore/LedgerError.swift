/// A refusal: bad input or a rule of the books that a request would break.
///
/// Reads as one line naming the field, the value and the rule:
/// `debit[1]: 12.345: an amount has at most two decimals (fen)`.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine-readable reason, e.g. `unbalanced_entry`.
    public var code: Code
    /// The input field at fault, as the user named it; empty when the whole request is at fault.
    public var field: String
    /// The offending value as given, if there is one.
    public var value: String?
    /// The rule that was broken, in words.
    public var rule: String

    public init(_ code: Code, field: String, value: String? = nil, rule: String) {
        self.code = code
        self.field = field
        self.value = value
        self.rule = rule
    }

    public var description: String {
        [field.isEmpty ? nil : field, value.map(Self.quotedIfNeeded), rule].compactMap { $0 }.joined(separator: ": ")
    }

    /// Values with spaces or nothing at all are quoted so the line stays unambiguous.
    private static func quotedIfNeeded(_ value: String) -> String {
        value.isEmpty || value.contains(" ") || value.contains(":") ? "\"\(value)\"" : value
    }

    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidAmount = Code(rawValue: "invalid_amount")
        public static let amountOverflow = Code(rawValue: "amount_overflow")
        public static let invalidDate = Code(rawValue: "invalid_date")
        public static let invalidRate = Code(rawValue: "invalid_rate")
        public static let invalidValue = Code(rawValue: "invalid_value")
        public static let unbalancedEntry = Code(rawValue: "unbalanced_entry")
        public static let tooFewLines = Code(rawValue: "too_few_lines")
        public static let tooManyLines = Code(rawValue: "too_many_lines")
        public static let zeroAmount = Code(rawValue: "zero_amount")
        public static let unknownAccount = Code(rawValue: "unknown_account")
        public static let accountNotPostable = Code(rawValue: "account_not_postable")
        public static let memberRequired = Code(rawValue: "member_required")
        public static let memberNotAllowed = Code(rawValue: "member_not_allowed")
        public static let unknownMember = Code(rawValue: "unknown_member")
        public static let unknownHousehold = Code(rawValue: "unknown_household")
        public static let unknownCooperative = Code(rawValue: "unknown_cooperative")
        public static let unknownDistrict = Code(rawValue: "unknown_district")
        public static let unknownEntry = Code(rawValue: "unknown_entry")
        public static let duplicate = Code(rawValue: "duplicate")
        public static let idempotencyConflict = Code(rawValue: "idempotency_conflict")
        public static let alreadyReversed = Code(rawValue: "already_reversed")
        /// An entry that is not reversed on its own: a run's (reverse the run), a contract's,
        /// or a reversal itself.
        public static let notReversible = Code(rawValue: "not_reversible")
        public static let unknownContract = Code(rawValue: "unknown_contract")
        public static let unknownRun = Code(rawValue: "unknown_run")
        public static let unknownAsset = Code(rawValue: "unknown_asset")
        public static let unknownToken = Code(rawValue: "unknown_token")
        /// The acting role may not do this (a bookkeeper reversing a contract's accrual).
        public static let forbidden = Code(rawValue: "forbidden")
        /// An entry, accrual, payout, import line, reversal or run dated on or before the
        /// end of the latest closed year.
        public static let periodClosed = Code(rawValue: "closed_period")
        /// A year closed while an earlier one with entries is open, or reopened while a
        /// later one is closed.
        public static let periodOrder = Code(rawValue: "period_order")
        public static let charterRule = Code(rawValue: "charter_rule")
        /// The database refused a posting against the chart (account, heading, member rule).
        public static let postingRefused = Code(rawValue: "posting_refused")
        /// The journal's rows never change; a mistake is corrected by a reversal.
        public static let appendOnly = Code(rawValue: "append_only")
        /// A contract's terms, a run's figures, an account's rule, a period row: changed only as allowed.
        public static let recordProtected = Code(rawValue: "record_protected")
        /// Postings or hash links written outside the transaction that creates their entry.
        public static let outsideEntryTransaction = Code(rawValue: "outside_entry_transaction")
        public static let unknownPerson = Code(rawValue: "unknown_person")
        public static let unknownVoucher = Code(rawValue: "unknown_voucher")
        /// Separation of duties and a draft's life: the preparer approves, an approved or
        /// posted voucher changes, a general entry bypasses approval where it is required.
        public static let voucherRule = Code(rawValue: "voucher_rule")
        /// A member's dealing dated before they joined or on or after the day they left.
        public static let notAMember = Code(rawValue: "not_a_member")
        /// A debit that would take a member's capital, reserve or subsidy share below zero.
        public static let shareBelowZero = Code(rawValue: "share_below_zero")
        /// An approval naming a version of a voucher draft other than its current one: the
        /// draft changed after the approver opened it.
        public static let voucherChanged = Code(rawValue: "voucher_changed")
        public static let ambiguousCooperative = Code(rawValue: "ambiguous_cooperative")
        public static let schemaOutOfDate = Code(rawValue: "schema_out_of_date")
        /// Too much of a costly kind of work at once (password checks): try again shortly.
        public static let busy = Code(rawValue: "busy")

        /// Every code, for the documents that list them (the OpenAPI document, the README).
        public static let all: [Code] = [
            .invalidAmount, .amountOverflow, .invalidDate, .invalidRate, .invalidValue, .unbalancedEntry, .tooFewLines, .tooManyLines, .zeroAmount,
            .unknownAccount, .accountNotPostable, .memberRequired, .memberNotAllowed, .unknownMember, .unknownHousehold, .unknownCooperative, .unknownDistrict,
            .unknownEntry, .duplicate, .idempotencyConflict, .alreadyReversed, .notReversible, .unknownContract, .unknownRun, .unknownAsset, .unknownToken,
            .forbidden, .periodClosed, .periodOrder, .charterRule, .postingRefused, .appendOnly, .recordProtected, .outsideEntryTransaction, .unknownPerson,
            .unknownVoucher, .voucherRule, .notAMember, .shareBelowZero, .voucherChanged, .ambiguousCooperative, .schemaOutOfDate, .busy,
        ]
    }
}
