/// The entries a posted distribution run writes, all dated 31 December of its year:
/// closing the profit-and-loss accounts into 331 and 331 into 332 未分配盈余 (33202), the
/// reserve (to members' 322 detail accounts when quantified), refunds and residual out of
/// 332 各项分配 (33201), and 33201 closed into 33202.
public enum YearEndEntries {
    /// Member lines per entry, so an entry stays within `Limits.linesPerEntryMax`.
    public static let membersPerEntryMax = Limits.linesPerEntryMax - 1

    /// `profitAndLoss`: each P&L account's net balance (debit positive) for the year.
    /// `keyPrefix` makes every key the run's own, e.g. `dividend:2026:run:7`.
    public static func make(for distribution: Distribution, profitAndLoss: [AccountCode: Money], keyPrefix: String) throws(LedgerError) -> [JournalEntry] {
        let date = try Day.lastDay(ofYear: distribution.year)
        let year = distribution.year
        var entries: [JournalEntry] = []
        func add(_ suffix: String, _ memo: String, _ lines: [PostingLine], _ kind: EntryKind) throws(LedgerError) {
            entries.append(try JournalEntry(key: "\(keyPrefix):\(suffix)", date: date, memo: memo, lines: lines, kind: kind))
        }

        // Close each P&L account into 331: the balance reversed, and S into 331.
        let closing = profitAndLoss.filter { !$0.value.isZero }.sorted { $0.key < $1.key }
        if !closing.isEmpty {
            var lines: [PostingLine] = []
            for (account, balance) in closing {
                lines.append(PostingLine(account: account, amount: try balance.negated()))
            }
            let net = try Money.sum(closing.map(\.value)) // = −S
            if !net.isZero { lines.append(PostingLine(account: .currentYearSurplus, amount: net)) }
            try add("close-pl", "\(year) 结转损益 转入331 本年盈余", lines, .yearEndClose)
        }
        if !distribution.surplus.isZero {
            try add(
                "close-331", "\(year) 本年盈余转入未分配盈余",
                [
                    PostingLine(account: .currentYearSurplus, amount: distribution.surplus),
                    PostingLine(account: .undistributedSurplus, amount: try distribution.surplus.negated()),
                ], .yearEndClose)
        }

        var handedOut = Money.zero
        if distribution.reserve.fen > 0 && !distribution.isReserveQuantified {
            try add(
                "reserve", "\(year) 提取盈余公积（不量化到成员）",
                [
                    .debit(.distributions, distribution.reserve), .credit(AccountCode.surplusReserve, distribution.reserve),
                ], .surplusDistribution)
            handedOut = distribution.reserve
        }
        // A quantified reserve goes to each member's 322 detail account (公积金份额, law
        // art. 42): the shares add up to R to the fen, so 322's member lines are the
        // quantified part of the reserve, each traceable to this run.
        let pools: [(String, String, AccountCode, KeyPath<Distribution.MemberShare, Money>, Bool)] = [
            ("reserve", "提取盈余公积并量化到成员", AccountCode.surplusReserve, \.reserveShare, distribution.isReserveQuantified),
            ("patronage", "按交易量返还盈余", AccountCode.patronageRefundsPayable, \.patronageRefund, distribution.isPatronagePoolDistributed),
            ("residual", "剩余盈余分配", AccountCode.residualSurplusPayable, \.capitalDistribution, distribution.isCapitalPoolDistributed),
        ]
        for (name, memo, account, share, isDistributed) in pools where isDistributed {
            let members = distribution.members.filter { $0[keyPath: share].fen > 0 }
            for (chunkIndex, start) in stride(from: 0, to: members.count, by: membersPerEntryMax).enumerated() {
                let chunk = members[start..<min(start + membersPerEntryMax, members.count)]
                let total = try Money.sum(chunk.map { $0[keyPath: share] })
                let lines = [PostingLine.debit(.distributions, total)] + chunk.map { PostingLine.credit(account, member: $0.member, $0[keyPath: share]) }
                try add("\(name):\(chunkIndex + 1)", "\(year) \(memo)（第\(chunkIndex + 1)部分）", lines, .surplusDistribution)
                handedOut = try handedOut.adding(total)
            }
        }
        if handedOut.fen > 0 {
            try add(
                "close-33201", "\(year) 各项分配转入未分配盈余",
                [
                    .debit(.undistributedSurplus, handedOut), .credit(.distributions, handedOut),
                ], .surplusDistribution)
        }
        return entries
    }
}
