import Foundation
import LedgerCore
import LedgerStore
import Postgres

/// Opening balances of a cooperative moving its books in (docs/domain.md, Periods: "Opening
/// balances close everything up to their date").
extension Ledger {
    /// Reads the file and posts it: see `postOpening`.
    public func postOpening(path: String, date: Day, chart: OpeningFile.Chart, in coop: CoopCode) async throws -> EntryID {
        try OpeningBalances.requireMonthEnd(date)
        let opening: OpeningBalances
        do {
            opening = try OpeningFile.read(try Self.openCSV(path), fileName: path, date: date, chart: chart)
        } catch let error as ImportError {
            throw ImportRefused(errors: [error])
        }
        return try await postOpening(opening, in: coop)
    }

    /// Posts the opening as one voucher, first in the journal: every balance (a member's
    /// 311 shares summed onto 311, then quantified to them by a subsidy and a donation
    /// entry, as a subsidy is), the source of each member's capital, and closes everything
    /// up to the date: the year on 31 December, else the months of its year through the date.
    public func postOpening(_ opening: OpeningBalances, in coop: CoopCode) async throws -> EntryID {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: "post opening balances", on: connection)
            let periods = PeriodRepository(connection, coop: coop)
            try periods.lockBooks()
            let journal = JournalRepository(connection, coop: coop)
            if try journal.hasEntries() {
                throw LedgerError(.duplicate, field: "coop", value: coop.rawValue,
                                  rule: "the cooperative has entries already; opening balances come first, before any entry")
            }
            let chart = try AccountRepository(connection, coop: coop).chart()
            let known = try MemberRepository(connection, coop: coop).existing(Set(opening.lines.compactMap(\.member)))
            for line in opening.lines {
                try Self.check(line, chart: chart, members: known, yearEnd: opening.date.month == 12)
            }

            let shares = opening.lines.filter { $0.shareKind != nil }
            var mainLines = opening.lines.filter { $0.shareKind == nil }
            let quantified = try Money.sum(shares.map(\.amount), field: "311")
            if !quantified.isZero {
                // 311's quantified part enters unquantified, and is quantified beside it.
                if let index = mainLines.firstIndex(where: { $0.account == .specialFunds && $0.member == nil }) {
                    let line = mainLines[index]
                    mainLines[index] = OpeningBalances.Line(line: line.line, account: line.account, member: nil,
                                                            amount: try line.amount.adding(quantified, field: "311"), capitalSource: nil, shareKind: nil)
                } else {
                    mainLines.append(OpeningBalances.Line(line: 0, account: .specialFunds, member: nil, amount: quantified, capitalSource: nil, shareKind: nil))
                }
            }
            let entry = try JournalEntry(key: SystemKey.opening, date: opening.date, memo: "期初余额 opening balances",
                                         lines: mainLines.map { PostingLine(account: $0.account, member: $0.member, amount: $0.amount) }, kind: .opening)
            let id = try journal.insert(entry)
            let contributions = ContributionRepository(connection, coop: coop)
            for (index, line) in mainLines.enumerated() {
                if let source = line.capitalSource { try contributions.insertOpening(source: source, entry: id, line: index + 1) }
            }
            for kind in [EntryKind.subsidy, .donation] {
                let kindShares = shares.filter { $0.shareKind == kind }
                guard !kindShares.isEmpty else { continue }
                let total = try Money.sum(kindShares.map(\.amount), field: "311")
                _ = try journal.insert(try JournalEntry(
                    key: SystemKey.openingShares(kind), date: opening.date, memo: "期初 311 成员量化份额 members' opening shares",
                    lines: [PostingLine(account: .specialFunds, amount: try total.negated())]
                        + kindShares.map { PostingLine(account: .specialFunds, member: $0.member, amount: $0.amount) },
                    kind: kind
                ))
            }
            try Self.closeThrough(opening.date, periods: periods)
            return id
        }
    }

    static func check(_ line: OpeningBalances.Line, chart: Chart, members: Set<MemberNumber>, yearEnd: Bool) throws {
        let field = "line \(line.line)"
        guard let account = chart[line.account] else {
            throw LedgerError(.unknownAccount, field: field, value: line.account.rawValue, rule: "no such account in this cooperative's chart")
        }
        if yearEnd, account.kind == .profitAndLoss || line.account == .currentYearSurplus {
            throw LedgerError(.invalidValue, field: field, value: line.account.rawValue,
                              rule: "at a year's end profit and loss are closed into 332 未分配盈余: give that balance on 33202")
        }
        guard account.isPostable else {
            throw LedgerError(.accountNotPostable, field: field, value: line.account.rawValue, rule: "a heading; give the balance on its sub-accounts")
        }
        if let member = line.member {
            guard account.memberRule != .none else {
                throw LedgerError(.memberNotAllowed, field: field, value: "\(line.account):\(member)", rule: "this account has no member detail accounts")
            }
            guard members.contains(member) else {
                throw LedgerError(.unknownMember, field: field, value: member.description, rule: "no such member; import the roll (member import) first")
            }
        } else if account.memberRule == .required {
            throw LedgerError(.memberRequired, field: field, value: line.account.rawValue, rule: "this account is kept per member: one row per member")
        }
    }

    /// Everything up to the opening's date is closed: its year on 31 December, else each
    /// month of its year through the date.
    static func closeThrough(_ date: Day, periods: PeriodRepository) throws {
        if date.month == 12 {
            _ = try periods.close(year: date.year)
            return
        }
        for month in 1...date.month {
            _ = try periods.close(month: try CalendarMonth(year: date.year, month: month))
        }
    }
}
