/// A state subsidy (国家财政直接补助) or a donation (接受捐赠) received into 311 专项基金
/// and quantified to members (law arts. 43 and 44): each member's share is a line on
/// their 311 detail account, so the shares always add up to 311's quantified part.
public struct Subsidy: Hashable, Sendable {
    public enum Source: String, Sendable, CaseIterable {
        case state
        case donation

        public var kind: EntryKind { self == .state ? .subsidy : .donation }
        var label: String { self == .state ? "国家财政直接补助" : "接受捐赠" }
    }

    /// How the amount is split among the members on the day it is received.
    public enum Quantification: String, Sendable, CaseIterable {
        /// 平均量化: equal shares (the default).
        case equal
        /// In proportion to each member's capital (301) that day.
        case capital
    }

    public static let memoLengthMax = 300

    public let amount: Money
    public let source: Source
    public let quantification: Quantification
    public let memo: String

    public init(amount: Money, source: Source, quantification: Quantification = .equal, memo: String = "") throws(LedgerError) {
        guard amount.fen > 0 else {
            throw LedgerError(.invalidAmount, field: "amount", value: amount.description, rule: "a subsidy or donation is more than zero")
        }
        guard amount.fen <= Limits.contractAmountMax.fen else {
            throw LedgerError(.amountOverflow, field: "amount", value: amount.description, rule: "at most \(Limits.contractAmountMax) yuan")
        }
        guard memo.unicodeScalars.count <= Self.memoLengthMax else {
            throw LedgerError(
                .invalidValue, field: "memo", rule: "a subsidy's memo is at most \(Self.memoLengthMax) characters (the entry's memo adds the split)")
        }
        try JournalEntry.checkMemo(memo)
        self.amount = amount
        self.source = source
        self.quantification = quantification
        self.memo = memo
    }

    /// The entries booking it: 102 / 311 per member, split by the largest-remainder method
    /// (ties to the lower member number), at most `YearEndEntries.membersPerEntryMax`
    /// members per entry; the first entry takes `key`, the next `key:2`, `key:3`, ….
    public func entries(key: ClientKey, date: Day, weights: [MemberNumber: Int64]) throws(LedgerError) -> [JournalEntry] {
        guard let shares = try LargestRemainder.split(amount, by: weights) else {
            throw LedgerError(
                .charterRule, field: "date", value: date.description,
                rule: "no member to quantify to on that day (\(quantification == .equal ? "no member had joined" : "no member had capital"))")
        }
        let members = shares.filter { $0.value.fen > 0 }.sorted { $0.key < $1.key }
        let parts = stride(from: 0, to: members.count, by: YearEndEntries.membersPerEntryMax).map {
            members[$0..<min($0 + YearEndEntries.membersPerEntryMax, members.count)]
        }
        let text = memo.isEmpty ? "" : memo + " · "
        var entries: [JournalEntry] = []
        for (index, part) in parts.enumerated() {
            let total = try Money.sum(part.map(\.value))
            let lines = [PostingLine.debit(.bankDeposits, total)] + part.map { PostingLine.credit(.specialFunds, member: $0.key, $0.value) }
            let suffix = parts.count > 1 ? "（第\(index + 1)/\(parts.count)部分）" : ""
            entries.append(
                try JournalEntry(
                    key: index == 0 ? key.rawValue : "\(key):\(index + 1)", date: date,
                    memo: "\(text)\(source.label) \(amount)，\(quantification == .equal ? "平均量化" : "按出资额量化")给 \(members.count) 名成员\(suffix)",
                    lines: lines, kind: source.kind
                ))
        }
        return entries
    }
}
