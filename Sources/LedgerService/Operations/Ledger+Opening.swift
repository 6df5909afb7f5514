import Foundation
import LedgerCore
import LedgerStore
import Postgres

/// Opening balances of a cooperative moving its books in (docs/domain.md, Periods: "Opening
/// balances close everything up to their date").
extension Ledger {
    /// Reads the file and posts it: see `postOpening`.
    public func postOpening(path: String, date: Day, chart: OpeningFile.Chart, in coop: CoopCode) async throws -> EntryID {
        if SpreadsheetInput.isSpreadsheet(path) {
            return try await SpreadsheetInput.asCSV(path) { try await postOpening(path: $0, date: date, chart: chart, in: coop) }
        }
        try OpeningBalances.requireMonthEnd(date)
        let opening: OpeningBalances
        do {
            opening = try OpeningFile.read(try Self.openCSV(path), fileName: path, date: date, chart: chart)
        } catch let error as ImportError {
            throw ImportRefused(errors: [error])
        }
        return try await postOpening(opening, in: coop)
    }

    /// Posts the balances at the year's start as one voucher, first in the journal (a
    /// member's 311 shares summed onto 311, then quantified to them by a subsidy and a
    /// donation entry, as a subsidy is), with the source of each member's capital. An opening
    /// during a year then posts the year's cumulative amounts on its date, the members' 311
    /// shares among them quantified the same way. Everything up to the date is closed: the
    /// year on 31 December, else the year before and the months of its year through the date.
    /// Returns the first entry.
    public func postOpening(_ opening: OpeningBalances, in coop: CoopCode) async throws -> EntryID {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: "post opening balances", on: connection)
            let periods = PeriodRepository(connection, coop: coop)
            try periods.lockBooks()
            let journal = JournalRepository(connection, coop: coop)
            if try journal.hasEntries() {
                throw LedgerError(
                    .duplicate, field: "coop", value: coop.rawValue,
                    rule: "the cooperative has entries already; opening balances come first, before any entry")
            }
            let chart = try AccountRepository(connection, coop: coop).chart()
            let known = try MemberRepository(connection, coop: coop).existing(Set(opening.lines.compactMap(\.member)))
            for line in opening.lines {
                try Self.check(line, chart: chart, members: known)
            }
            let poster = OpeningPoster(journal: journal, contributions: ContributionRepository(connection, coop: coop))
            var first: EntryID?
            let yearStart = try opening.lines.map { line in (line, [try line.yearStart()]) }
            if let id = try poster.post(
                yearStart, key: SystemKey.opening, sharesKey: SystemKey.openingShares,
                date: try opening.yearStartDate(), memo: "期初余额", kind: .opening)
            {
                first = id
            }
            if opening.isDuringAYear {
                let yearToDate = try opening.lines.map { line in
                    (line, line.shareKind == nil ? [line.yearDebits, try line.yearCredits.negated()] : [try line.yearNet()])
                }
                if let id = try poster.post(
                    yearToDate, key: SystemKey.openingYearToDate, sharesKey: SystemKey.openingYearToDateShares,
                    date: opening.date, memo: "本年累计发生额", kind: .openingYearToDate)
                {
                    first = first ?? id
                }
                _ = try periods.close(year: opening.date.year - 1)
            }
            try Self.closeThrough(opening.date, periods: periods)
            guard let first else {
                throw LedgerError(.tooFewLines, field: "lines", rule: "the file has no balance and no amount of the year: nothing to open with")
            }
            return first
        }
    }

    /// Posts one part of an opening: an entry of `kind` with each file line's amounts (a
    /// line per non-zero amount; members' 311 shares summed onto unquantified 311), then a
    /// subsidy and a donation entry quantifying those shares. Nil when every amount is zero.
    struct OpeningPoster {
        let journal: JournalRepository
        let contributions: ContributionRepository

        func post(
            _ amounts: [(OpeningBalances.Line, [Money])], key: String, sharesKey: (EntryKind) -> String,
            date: Day, memo: String, kind: EntryKind
        ) throws -> EntryID? {
            var lines: [PostingLine] = []
            var sources: [(line: Int, source: ContributionSource)] = []
            var shares: [EntryKind: [PostingLine]] = [:]
            for (line, values) in amounts {
                for amount in values where !amount.isZero {
                    if let shareKind = line.shareKind {
                        shares[shareKind, default: []].append(PostingLine(account: .specialFunds, member: line.member, amount: amount))
                        continue
                    }
                    lines.append(PostingLine(account: line.account, member: line.member, amount: amount))
                    if let source = line.capitalSource { sources.append((lines.count, source)) }
                }
            }
            // 311's quantified part enters unquantified, and is quantified beside it: on the
            // opening's own 311 line, as it always was; beside the year's gross 311 lines.
            let quantified = try Money.sum(shares.values.flatMap { $0.map(\.amount) }, field: "311")
            if !quantified.isZero {
                if let index = lines.firstIndex(where: { $0.account == .specialFunds && $0.member == nil }), kind == .opening {
                    lines[index] = PostingLine(account: .specialFunds, amount: try lines[index].amount.adding(quantified, field: "311"))
                } else {
                    lines.append(PostingLine(account: .specialFunds, amount: quantified))
                }
            }
            guard !lines.isEmpty else { return nil }
            let id = try journal.insert(try JournalEntry(key: key, date: date, memo: memo, lines: lines, kind: kind))
            for (line, source) in sources { try contributions.insertOpening(source: source, entry: id, line: line) }
            for shareKind in [EntryKind.subsidy, .donation] {
                guard let memberLines = shares[shareKind] else { continue }
                let total = try Money.sum(memberLines.map(\.amount), field: "311")
                _ = try journal.insert(
                    try JournalEntry(
                        key: sharesKey(shareKind), date: date, memo: "\(memo) 311 成员量化份额",
                        lines: [PostingLine(account: .specialFunds, amount: try total.negated())] + memberLines, kind: shareKind
                    ))
            }
            return id
        }
    }

    static func check(_ line: OpeningBalances.Line, chart: Chart, members: Set<MemberNumber>) throws {
        let field = "line \(line.line)"
        guard let account = chart[line.account] else {
            throw LedgerError(.unknownAccount, field: field, value: line.account.rawValue, rule: "no such account in this cooperative's chart")
        }
        let yearStart = try line.yearStart()
        if account.kind == .profitAndLoss || line.account == .currentYearSurplus, !yearStart.isZero {
            throw LedgerError(
                .invalidValue, field: field, value: line.account.rawValue,
                rule: line.yearDebits.isZero && line.yearCredits.isZero
                    ? "profit and loss start a year at zero (closed into 332 未分配盈余, given on 33202): at a year's end give none; during a year give the year's amounts (year-debit, year-credit) that make the balance"
                    : "profit and loss start a year at zero: the balance \(line.amount) is not the year's debits less credits (\(try line.yearNet()))")
        }
        guard yearStart.fen <= Limits.lineAmountMax.fen, yearStart.fen >= -Limits.lineAmountMax.fen else {
            throw LedgerError(
                .amountOverflow, field: field, value: yearStart.description,
                rule: "the balance at the year's start is at most \(Limits.lineAmountMax) either way")
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
    /// month of its year through the date (the year before is closed by `postOpening`).
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
