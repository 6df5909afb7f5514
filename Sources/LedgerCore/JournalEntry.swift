/// An entry's number in the journal (unique across the installation).
public struct EntryID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int64
    public init(_ value: Int64) { self.value = value }

    public init(parsing text: String, field: String) throws(LedgerError) {
        guard let value = Int64(text), value > 0 else {
            throw LedgerError(.invalidValue, field: field, value: text, rule: "an entry id is a positive whole number")
        }
        self.value = value
    }

    public var description: String { String(value) }
    public static func < (lhs: EntryID, rhs: EntryID) -> Bool { lhs.value < rhs.value }
}

/// One line of an entry: a signed amount on an account, debit positive, credit negative.
public struct PostingLine: Hashable, Sendable {
    public let account: AccountCode
    /// The member whose detail account the line books, if the account keeps them.
    public let member: MemberNumber?
    public let amount: Money

    public init(account: AccountCode, member: MemberNumber? = nil, amount: Money) {
        self.account = account
        self.member = member
        self.amount = amount
    }

    public static func debit(_ account: AccountCode, member: MemberNumber? = nil, _ amount: Money) -> PostingLine {
        PostingLine(account: account, member: member, amount: amount)
    }

    /// A credit of a positive amount, stored negative.
    public static func credit(_ account: AccountCode, member: MemberNumber? = nil, _ amount: Money) -> PostingLine {
        PostingLine(account: account, member: member, amount: Money(fen: -amount.fen))
    }

    /// How the line reads in a message: `114:7`.
    public var accountText: String { member.map { "\(account):\($0)" } ?? account.rawValue }
}

/// A balanced journal entry, checked before anything is written.
///
/// `init` checks what needs no books (key, memo, line count, amounts, balance);
/// `validate(against:members:)` checks the lines against a cooperative's chart and members.
/// The database checks the same rules again when the entry is committed.
public struct JournalEntry: Hashable, Sendable {
    /// The idempotency key: posting the same key again with the same content is a no-op.
    public let key: String
    public let date: Day
    public let memo: String
    public let lines: [PostingLine]
    /// The entry this one reverses, for a correction.
    public let reverses: EntryID?
    public let kind: EntryKind

    public init(key: String, date: Day, memo: String, lines: [PostingLine], kind: EntryKind = .general, reverses: EntryID? = nil) throws(LedgerError) {
        try Self.checkKey(key)
        try Self.checkMemo(memo)
        guard lines.count >= 2 else {
            throw LedgerError(.tooFewLines, field: "lines", value: String(lines.count), rule: "an entry has at least two lines")
        }
        guard lines.count <= Limits.linesPerEntryMax else {
            throw LedgerError(.tooManyLines, field: "lines", value: String(lines.count), rule: "an entry has at most \(Limits.linesPerEntryMax) lines")
        }
        for (index, line) in lines.enumerated() {
            if line.amount.isZero {
                throw LedgerError(.zeroAmount, field: "line \(index + 1) amount", value: line.amount.description, rule: "a line's amount cannot be zero")
            }
            if line.amount.fen > Limits.lineAmountMax.fen || line.amount.fen < -Limits.lineAmountMax.fen {
                throw LedgerError(
                    .amountOverflow, field: "line \(index + 1) amount", value: line.amount.description,
                    rule: "a line's amount is at most \(Limits.lineAmountMax) yuan either way")
            }
        }
        var debits = Money.zero
        var credits = Money.zero
        for line in lines {
            if line.amount.isNegative {
                credits = try credits.adding(try line.amount.negated(field: "credits"), field: "credits")
            } else {
                debits = try debits.adding(line.amount, field: "debits")
            }
        }
        guard debits == credits else {
            throw LedgerError(.unbalancedEntry, field: "lines", value: "debits \(debits), credits \(credits)", rule: "an entry's debits must equal its credits")
        }
        self.key = key
        self.date = date
        self.memo = memo
        self.lines = lines
        self.reverses = reverses
        self.kind = reverses == nil ? kind : .reversal
    }

    /// The same entry but perhaps for its memo.
    public func hasSameBookings(as other: JournalEntry) -> Bool {
        key == other.key && date == other.date && lines == other.lines && reverses == other.reverses && kind == other.kind
    }

    /// Lengths count Unicode code points, as PostgreSQL's length() does, so what passes
    /// here passes the table's CHECK too.
    public static func checkMemo(_ memo: String) throws(LedgerError) {
        guard memo.unicodeScalars.count <= Limits.memoLengthMax else {
            throw LedgerError(.invalidValue, field: "memo", value: String(memo.prefix(20)) + "…", rule: "a memo has at most \(Limits.memoLengthMax) characters")
        }
        guard !memo.unicodeScalars.contains("\0") else {
            throw LedgerError(.invalidValue, field: "memo", rule: "a memo cannot contain NUL characters")
        }
    }

    public static func checkKey(_ key: String, field: String = "key") throws(LedgerError) {
        guard !key.isEmpty, key.unicodeScalars.count <= Limits.keyLengthMax,
            key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 })
        else {
            throw LedgerError(.invalidValue, field: field, value: key, rule: "a key is 1 to \(Limits.keyLengthMax) printable characters without spaces")
        }
    }

    /// Checks every line against the cooperative's chart of accounts and its members.
    /// `members`: the members the lines name, as the cooperative has them (a line naming
    /// one not there is refused, as is one outside membership where `Membership` needs it).
    public func validate(against chart: Chart, members: [MemberNumber: Member]) throws(LedgerError) {
        for (index, line) in lines.enumerated() {
            let field = "line \(index + 1) account"
            guard let account = chart[line.account] else {
                throw LedgerError(.unknownAccount, field: field, value: line.accountText, rule: "no such account in this cooperative's chart")
            }
            guard account.isPostable else {
                let children = chart.accounts.values.filter { $0.parent == account.code && $0.isActive }.map(\.code.rawValue).sorted()
                let named = children.isEmpty ? "" : " (\(children.prefix(8).joined(separator: ", ")))"
                throw LedgerError(
                    .accountNotPostable, field: field, value: line.accountText, rule: "\(account.name) is a heading; post to one of its sub-accounts\(named)")
            }
            guard account.isActive else {
                throw LedgerError(.accountNotPostable, field: field, value: line.accountText, rule: "\(account.name) is deactivated")
            }
            switch (account.memberRule, line.member) {
            case (.required, nil):
                throw LedgerError(
                    .memberRequired, field: field, value: line.accountText, rule: "\(account.name) is kept per member; write it as \(account.code):MEMBER")
            case (.none, .some):
                throw LedgerError(.memberNotAllowed, field: field, value: line.accountText, rule: "\(account.name) has no member detail accounts")
            case (_, .some(let number)):
                guard let member = members[number] else {
                    throw LedgerError(.unknownMember, field: field, value: line.accountText, rule: "no member \(number) in this cooperative")
                }
                if Membership.isRequired(kind: kind, account: account), !Membership.includes(member, on: date) {
                    throw Membership.refusal(member: member, kind: kind, day: date, field: "line \(index + 1) member")
                }
            default:
                break
            }
        }
    }

    /// The same entry with each line on the account the ledger's own entries post to (a
    /// heading's default sub-account): operations name standard accounts and reach the leaf
    /// the cooperative chose.
    public func postingToLeaves(of chart: Chart) throws(LedgerError) -> JournalEntry {
        let mapped = lines.map { PostingLine(account: chart.leaf(for: $0.account), member: $0.member, amount: $0.amount) }
        guard mapped != lines else { return self }
        return try JournalEntry(key: key, date: date, memo: memo, lines: mapped, kind: kind, reverses: reverses)
    }

    /// The members the lines name, for loading only those.
    public var memberNumbers: Set<MemberNumber> { Set(lines.compactMap(\.member)) }

    /// The correcting entry: every line negated, booked on `date` under `key`.
    public func reversal(of id: EntryID, key: String, date: Day) throws(LedgerError) -> JournalEntry {
        let prefix = "reversal of entry \(id): "
        let memo = prefix + String(self.memo.prefix(Limits.memoLengthMax - prefix.count))
        var negated: [PostingLine] = []
        for line in lines {
            negated.append(PostingLine(account: line.account, member: line.member, amount: try line.amount.negated()))
        }
        return try JournalEntry(key: key, date: date, memo: memo, lines: negated, kind: .reversal, reverses: id)
    }
}
