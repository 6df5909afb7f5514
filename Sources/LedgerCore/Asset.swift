/// The asset register (固定资产卡片, 生产性生物资产明细): barns and equipment, and breeding
/// stock, as docs/domain.md's "Assets and depreciation" has them.
public enum AssetClass: String, Sendable, CaseIterable {
    /// 151 固定资产, depreciated on 152 累计折旧, disposed of through 154 固定资产清理.
    case fixed
    /// 142 生产性生物资产 (sows, boars), depreciated on 143, disposed of directly.
    case breeding

    public var costAccount: AccountCode { self == .fixed ? AccountCode("151") : AccountCode("142") }
    public var depreciationAccount: AccountCode { self == .fixed ? AccountCode("152") : AccountCode("143") }
    public var label: String { self == .fixed ? "固定资产" : "生产性生物资产" }
}

/// What paid for an asset as it enters the register.
public enum AssetSource: String, Sendable, CaseIterable {
    /// Bought: 102 银行存款.
    case bank
    /// Construction finished: 153 在建工程.
    case construction
    /// Gilts that start breeding, at their carrying value: 141 消耗性生物资产.
    case gilts
    /// Brought in by the opening balances of a cooperative moving in: they carry its cost and
    /// depreciation already, so it has no entry of its own.
    case opening

    /// The account its acquisition is credited to; nil when the opening carries it.
    public var account: AccountCode? {
        switch self {
        case .bank: AccountCode.bankDeposits
        case .construction: AccountCode("153")
        case .gilts: AccountCode.consumableBiologicalAssets
        case .opening: nil
        }
    }
}

/// Why an asset, or part of a batch, leaves the register.
public enum DisposalReason: String, Sendable, CaseIterable {
    case sold, culled, died, scrapped

    public var label: String {
        switch self {
        case .sold: "出售"
        case .culled: "淘汰"
        case .died: "死亡"
        case .scrapped: "报废"
        }
    }
}

/// An asset's terms as it enters the register.
public struct Asset: Hashable, Sendable {
    public let assetClass: AssetClass
    public let name: String
    public let cost: Money
    /// What it is worth at the end of its life (culled sows as meat; a barn's scrap).
    public let salvage: Money
    public let acquiredOn: Day
    public let lifeMonths: Int
    /// Heads in a breeding batch; 1 for a fixed asset.
    public let headCount: Int
    /// Where its depreciation is charged: 401 生产成本 for production, 523 管理费用 for administration.
    public let expenseAccount: AccountCode
    public let source: AssetSource
    /// An asset brought in by the opening balances: their date, and its depreciation and
    /// months depreciated as of then.
    public let broughtIn: BroughtIn?

    public struct BroughtIn: Hashable, Sendable {
        public let on: Day
        public let depreciation: Money
        public let months: Int

        public init(on: Day, depreciation: Money, months: Int) {
            self.on = on
            self.depreciation = depreciation
            self.months = months
        }
    }

    public static let lifeMonthsMax = 1_200
    public static let headCountMax = 1_000_000

    public init(
        assetClass: AssetClass, name: String, cost: Money, salvage: Money = .zero, acquiredOn: Day, lifeMonths: Int,
        headCount: Int = 1, expenseAccount: AccountCode = .productionCosts, source: AssetSource = .bank, broughtIn: BroughtIn? = nil
    ) throws(LedgerError) {
        let name = try DisplayName.checked(name, what: "an asset's name", lengthMax: Limits.nameLengthMax)
        guard cost.fen > 0, cost <= Limits.lineAmountMax else {
            throw LedgerError(.invalidAmount, field: "cost", value: cost.description, rule: "an asset's cost is positive, at most \(Limits.lineAmountMax)")
        }
        guard (1...Self.lifeMonthsMax).contains(lifeMonths) else {
            throw LedgerError(.invalidValue, field: "life-months", value: String(lifeMonths), rule: "a useful life is 1 to \(Self.lifeMonthsMax) months")
        }
        guard salvage.fen >= 0, cost.fen - salvage.fen >= Int64(lifeMonths) else {
            throw LedgerError(
                .invalidAmount, field: "salvage", value: salvage.description,
                rule: "salvage is zero or more and leaves at least 0.01 a month to depreciate (cost \(cost), \(lifeMonths) months)")
        }
        guard (1...Self.headCountMax).contains(headCount), assetClass == .breeding || headCount == 1 else {
            throw LedgerError(
                .invalidValue, field: "count", value: String(headCount),
                rule: "a head count is for breeding stock, 1 to \(Self.headCountMax); a fixed asset is one")
        }
        let expense = expenseAccount.rawValue
        guard expense.hasPrefix("401") || (expense.hasPrefix("52") && expense.count >= 3) else {
            throw LedgerError(
                .invalidValue, field: "cost-account", value: expense, rule: "depreciation is charged to 401 生产成本 or an expense account (523 管理费用, …)")
        }
        guard (source == .opening) == (broughtIn != nil) else {
            throw LedgerError(
                .invalidValue, field: "from", value: source.rawValue,
                rule: "an asset brought in by the opening balances gives its depreciation and months so far, and only such an asset does")
        }
        if let broughtIn {
            guard acquiredOn <= broughtIn.on else {
                throw LedgerError(
                    .invalidDate, field: "acquired", value: acquiredOn.description,
                    rule: "an asset brought in by the opening was acquired by its date, \(broughtIn.on)")
            }
            guard (0...lifeMonths).contains(broughtIn.months) else {
                throw LedgerError(
                    .invalidValue, field: "months-depreciated", value: String(broughtIn.months), rule: "0 to the useful life, \(lifeMonths) months")
            }
            guard broughtIn.depreciation.fen >= 0, broughtIn.depreciation.fen <= cost.fen - salvage.fen else {
                throw LedgerError(
                    .invalidAmount, field: "depreciated", value: broughtIn.depreciation.description,
                    rule: "0 to cost less salvage, \(Money(fen: cost.fen - salvage.fen))")
            }
        }
        self.assetClass = assetClass
        self.name = name
        self.cost = cost
        self.salvage = salvage
        self.acquiredOn = acquiredOn
        self.lifeMonths = lifeMonths
        self.headCount = headCount
        self.expenseAccount = expenseAccount
        self.source = source
        self.broughtIn = broughtIn
    }

    /// The same asset brought in by an opening dated `day`.
    public func broughtIn(on day: Day) throws(LedgerError) -> Asset {
        try Asset(
            assetClass: assetClass, name: name, cost: cost, salvage: salvage, acquiredOn: acquiredOn, lifeMonths: lifeMonths, headCount: headCount,
            expenseAccount: expenseAccount, source: source,
            broughtIn: broughtIn.map { BroughtIn(on: day, depreciation: $0.depreciation, months: $0.months) })
    }

    /// An asset's number as people write it: `A3` (or `3`).
    public static func number(parsing text: String) throws(LedgerError) -> Int32 {
        let digits = text.hasPrefix("A") || text.hasPrefix("a") ? text.dropFirst() : Substring(text)
        guard let number = Int32(digits), number >= 1 else {
            throw LedgerError(.unknownAsset, field: "asset", value: text, rule: "an asset is named A3 (or 3)")
        }
        return number
    }

    /// Depreciation starts the month after the asset is acquired (the 2022 system); for one
    /// brought in by the opening, the month after the opening.
    public func firstMonth() throws(LedgerError) -> CalendarMonth {
        try CalendarMonth(of: broughtIn?.on ?? acquiredOn).next()
    }

    /// The acquisition's entry: the asset's cost on 151 or 142, from its source; nil for one
    /// the opening brought in.
    public func acquisitionEntry(number: Int32) throws(LedgerError) -> JournalEntry? {
        guard let from = source.account else { return nil }
        return try JournalEntry(
            key: SystemKey.assetAcquisition(number), date: acquiredOn,
            memo: "\(assetClass.label)入账 A\(number) \(name)" + (headCount > 1 ? " \(headCount) 头" : ""),
            lines: [.debit(assetClass.costAccount, cost), .credit(from, cost)], kind: .assetAcquisition)
    }
}

/// An asset in the register with what has happened to it: each month's depreciation, in
/// order, and each disposal. Everything the register reports and posts is read from here.
public struct AssetRecord: Sendable, Equatable {
    public struct Disposal: Sendable, Equatable {
        public let number: Int32
        public let date: Day
        public let headCount: Int
        public let proceeds: Money
        public let reason: DisposalReason
        public let costRemoved: Money
        public let salvageRemoved: Money
        public let depreciationRemoved: Money

        public init(
            number: Int32, date: Day, headCount: Int, proceeds: Money, reason: DisposalReason,
            costRemoved: Money, salvageRemoved: Money, depreciationRemoved: Money
        ) {
            self.number = number
            self.date = date
            self.headCount = headCount
            self.proceeds = proceeds
            self.reason = reason
            self.costRemoved = costRemoved
            self.salvageRemoved = salvageRemoved
            self.depreciationRemoved = depreciationRemoved
        }

        public var netRemoved: Money { Money(fen: costRemoved.fen - depreciationRemoved.fen) }
    }

    public let number: Int32
    public let asset: Asset
    public let depreciation: [(month: CalendarMonth, amount: Money)]
    public let disposals: [Disposal]

    public init(number: Int32, asset: Asset, depreciation: [(month: CalendarMonth, amount: Money)], disposals: [Disposal]) {
        self.number = number
        self.asset = asset
        self.depreciation = depreciation
        self.disposals = disposals
    }

    public static func == (lhs: AssetRecord, rhs: AssetRecord) -> Bool {
        lhs.number == rhs.number && lhs.asset == rhs.asset && lhs.disposals == rhs.disposals
            && lhs.depreciation.map(\.month) == rhs.depreciation.map(\.month) && lhs.depreciation.map(\.amount) == rhs.depreciation.map(\.amount)
    }

    /// What is left after `day` (or after everything when nil). Amounts in the register are
    /// bounded by the database (cost ≤ 10^12 yuan, 1,200 months), so these sums cannot overflow.
    public struct Left: Sendable, Equatable {
        public var heads: Int
        public var cost: Money
        public var salvage: Money
        public var depreciation: Money
        public var net: Money { Money(fen: cost.fen - depreciation.fen) }
        public var isGone: Bool { heads == 0 }
    }

    public func left(through day: Day? = nil) -> Left {
        var left = Left(heads: asset.headCount, cost: asset.cost, salvage: asset.salvage, depreciation: asset.broughtIn?.depreciation ?? .zero)
        for month in depreciation where day.map({ month.month.firstDay <= $0 }) ?? true {
            left.depreciation = Money(fen: left.depreciation.fen + month.amount.fen)
        }
        for disposal in disposals where day.map({ disposal.date <= $0 }) ?? true {
            left.heads -= disposal.headCount
            left.cost = Money(fen: left.cost.fen - disposal.costRemoved.fen)
            left.salvage = Money(fen: left.salvage.fen - disposal.salvageRemoved.fen)
            left.depreciation = Money(fen: left.depreciation.fen - disposal.depreciationRemoved.fen)
        }
        return left
    }

    /// The month's depreciation, or nil when none is due: straight line to salvage over the
    /// useful life, the same amount each month and the remainder in the last; after a part
    /// of a batch is disposed of, what is left is spread the same way over the months left.
    public func depreciation(for month: CalendarMonth) throws(LedgerError) -> Money? {
        guard month >= (try asset.firstMonth()), !depreciation.contains(where: { $0.month == month }) else { return nil }
        let left = left()
        let monthsDone = monthsDepreciated
        let remaining = left.cost.fen - left.salvage.fen - left.depreciation.fen
        guard !left.isGone, monthsDone < asset.lifeMonths, remaining > 0 else { return nil }
        let monthsLeft = asset.lifeMonths - monthsDone
        if monthsLeft == 1 { return Money(fen: remaining) }
        // The schedule runs from the acquisition (or the opening), or from the last disposal.
        var base = asset.cost.fen - asset.salvage.fen - (asset.broughtIn?.depreciation.fen ?? 0)
        var months = asset.lifeMonths - (asset.broughtIn?.months ?? 0)
        if let last = disposals.last {
            let after = self.left(through: last.date)
            let doneBefore = (asset.broughtIn?.months ?? 0) + depreciation.filter { $0.month.firstDay <= last.date }.count
            base = after.cost.fen - after.salvage.fen - after.depreciation.fen
            months = asset.lifeMonths - doneBefore
        }
        let monthly = max(1, base / Int64(max(months, 1)))
        return Money(fen: min(monthly, remaining))
    }

    /// Months depreciated so far, those before the opening included.
    public var monthsDepreciated: Int { (asset.broughtIn?.months ?? 0) + depreciation.count }

    /// The months from the next one due through `month` still to depreciate (months are
    /// depreciated in order, without gaps: the next follows the last).
    public func monthsDue(through month: CalendarMonth) throws(LedgerError) -> [CalendarMonth] {
        guard !left().isGone else { return [] }
        var current = try asset.firstMonth()
        if let last = depreciation.last { current = try last.month.next() }
        var due: [CalendarMonth] = []
        while current <= month, monthsDepreciated + due.count < asset.lifeMonths {
            due.append(current)
            current = try current.next()
        }
        return due
    }

    /// What leaving the register takes away: `count` heads of what is left (all of a fixed
    /// asset), their share of its cost, salvage and depreciation, rounded half up.
    public func disposal(number: Int32, date: Day, count: Int?, proceeds: Money, reason: DisposalReason) throws(LedgerError) -> Disposal {
        let left = left()
        guard !left.isGone else {
            throw LedgerError(.duplicate, field: "asset", value: "A\(self.number)", rule: "this asset has been disposed of already")
        }
        let heads = count ?? left.heads
        guard (1...left.heads).contains(heads) else {
            throw LedgerError(
                .invalidValue, field: "count", value: String(heads), rule: "A\(self.number) has \(left.heads) head\(left.heads == 1 ? "" : "s") left")
        }
        guard proceeds.fen >= 0, proceeds <= Limits.lineAmountMax else {
            throw LedgerError(
                .invalidAmount, field: "proceeds", value: proceeds.description, rule: "proceeds are zero or more, at most \(Limits.lineAmountMax)")
        }
        guard date >= asset.acquiredOn else {
            throw LedgerError(.invalidDate, field: "date", value: date.description, rule: "A\(self.number) was acquired on \(asset.acquiredOn)")
        }
        func share(_ amount: Money) -> Money {
            heads == left.heads ? amount : Money(fen: (amount.fen * Int64(heads) * 2 + Int64(left.heads)) / (Int64(left.heads) * 2))
        }
        let costRemoved = share(left.cost), salvageRemoved = share(left.salvage)
        // Rounded apart, the three could leave the rest depreciated a fen below its salvage:
        // the rest keeps at most its cost less salvage.
        let restDepreciable = (left.cost.fen - costRemoved.fen) - (left.salvage.fen - salvageRemoved.fen)
        let depreciationRemoved = min(left.depreciation.fen, max(share(left.depreciation).fen, left.depreciation.fen - restDepreciable))
        return Disposal(
            number: number, date: date, headCount: heads, proceeds: proceeds, reason: reason,
            costRemoved: costRemoved, salvageRemoved: salvageRemoved, depreciationRemoved: Money(fen: depreciationRemoved))
    }

    /// The disposal's entry: a fixed asset through 154 固定资产清理 (its net value in, the
    /// proceeds against it, the gain to 502 其他收入 or the loss to 529 其他支出, so 154
    /// is left with nothing); breeding stock directly.
    public func disposalEntry(_ disposal: Disposal) throws(LedgerError) -> JournalEntry {
        let assetClass = asset.assetClass
        let gain = disposal.proceeds.fen - disposal.netRemoved.fen
        var lines: [PostingLine] = []
        func add(_ account: AccountCode, _ fen: Int64) { if fen != 0 { lines.append(PostingLine(account: account, amount: Money(fen: fen))) } }
        let clearing = AccountCode("154")
        add(assetClass.depreciationAccount, disposal.depreciationRemoved.fen)
        add(assetClass.costAccount, -disposal.costRemoved.fen)
        if assetClass == .fixed { add(clearing, disposal.netRemoved.fen) }
        add(AccountCode.bankDeposits, disposal.proceeds.fen)
        if assetClass == .fixed { add(clearing, -disposal.proceeds.fen) }
        if gain > 0 {
            if assetClass == .fixed { add(clearing, gain) }
            add(AccountCode("502"), -gain)
        } else if gain < 0 {
            add(AccountCode("529"), -gain)
            if assetClass == .fixed { add(clearing, gain) }
        }
        let heads = assetClass == .breeding ? " \(disposal.headCount) 头" : ""
        return try JournalEntry(
            key: SystemKey.assetDisposal(number, disposal.number), date: disposal.date,
            memo: "\(assetClass.label)\(disposal.reason.label) A\(number) \(asset.name)\(heads)", lines: lines, kind: .assetDisposal)
    }
}
