import Foundation
import LedgerCore

/// An opening-balances file: `account,member,debit,credit[,year-debit,year-credit][,source]`,
/// one row per account and member detail account, as a trial balance lists them: the balance
/// at the date in debit or credit, and for an opening during a year the year's cumulative
/// debits and credits up to it (本年累计借方/贷方; a row whose balance is nil may give only
/// these). `source` says where a member's capital (301) came from, `poverty-alleviation` or
/// `other` (the default), and whether a member's 311 share is a `subsidy` or a `donation`
/// (required there).
public enum OpeningFile {
    public enum Chart: String, Sendable, CaseIterable {
        case chart2022 = "2022"
        /// The 2008 system's codes, read through `Chart2008`.
        case chart2008 = "2008"
    }

    public static func read(_ reader: CSVReader, fileName: String, date: Day, chart: Chart) throws -> OpeningBalances {
        let table = try CSVTable(
            reader: reader, fileName: fileName, required: ["account", "debit", "credit"], optional: ["member", "source", "year-debit", "year-credit"])
        var lines: [OpeningBalances.Line] = []
        while let row = try table.next() {
            guard lines.count < Limits.linesPerEntryMax else {
                throw ImportError(file: fileName, line: row.line, field: "", message: "an opening has at most \(Limits.linesPerEntryMax) balances")
            }
            do throws(LedgerError) {
                lines.append(try line(row, chart: chart))
            } catch {
                throw ImportError(file: fileName, line: row.line, error)
            }
        }
        do throws(OpeningBalances.Refusal) {
            return try OpeningBalances(date: date, lines: lines)
        } catch {
            // A balance given twice names its line; the sum of them all, the last.
            throw ImportError(file: fileName, line: error.line, error.error)
        }
    }

    static func line(_ row: CSVRow, chart: Chart) throws(LedgerError) -> OpeningBalances.Line {
        let text = row["account"] ?? ""
        var account = chart == .chart2008 ? try Chart2008.code2022(for: text, field: "account") : try AccountCode(parsing: text, field: "account")
        // 332 盈余分配 is a heading; its balance at an opening is what is undistributed.
        if account == AccountCode("332") { account = .undistributedSurplus }
        let member = try row["member"].map { text throws(LedgerError) in try MemberNumber(parsing: text, field: "member") }
        let yearDebits = try Self.yearAmount(row["year-debit"], field: "year-debit")
        let yearCredits = try Self.yearAmount(row["year-credit"], field: "year-credit")
        let hasYearAmounts = !yearDebits.isZero || !yearCredits.isZero
        let amount =
            hasYearAmounts && row["debit"] == nil && row["credit"] == nil
            ? Money.zero : try Self.amount(debit: row["debit"], credit: row["credit"])
        let source = row["source"]
        var capitalSource: ContributionSource?
        var shareKind: EntryKind?
        switch (account, member, source) {
        case (.shareCapital, .some, let source):
            capitalSource = try source.map { text throws(LedgerError) in try ContributionSource(parsing: text, field: "source") } ?? .other
        case (.specialFunds, .some, let source):
            switch source {
            case "subsidy": shareKind = .subsidy
            case "donation": shareKind = .donation
            default:
                throw LedgerError(.invalidValue, field: "source", value: source ?? "", rule: "a member's 311 share is a subsidy or a donation share: say which")
            }
        case (_, _, let source?):
            throw LedgerError(.invalidValue, field: "source", value: source, rule: "source is for members' 301 capital and 311 shares only")
        default:
            break
        }
        return OpeningBalances.Line(
            line: row.line, account: account, member: member, amount: amount,
            yearDebits: yearDebits, yearCredits: yearCredits, capitalSource: capitalSource, shareKind: shareKind)
    }

    /// A cumulative amount of the year: empty is zero.
    static func yearAmount(_ text: String?, field: String) throws(LedgerError) -> Money {
        guard let text else { return .zero }
        let money = try Money(parsing: text, field: field)
        guard money.fen >= 0, money <= Limits.lineAmountMax else {
            throw LedgerError(
                .invalidAmount, field: field, value: text, rule: "the year's cumulative amount is zero or positive, at most \(Limits.lineAmountMax)")
        }
        return money
    }

    /// Exactly one of debit and credit, positive: the balance's side.
    static func amount(debit: String?, credit: String?) throws(LedgerError) -> Money {
        switch (debit, credit) {
        case (let text?, nil):
            let money = try Money(parsing: text, field: "debit")
            guard money.fen > 0, money <= Limits.lineAmountMax else {
                throw LedgerError(.invalidAmount, field: "debit", value: text, rule: "a balance is positive, at most \(Limits.lineAmountMax)")
            }
            return money
        case (nil, let text?):
            let money = try Money(parsing: text, field: "credit")
            guard money.fen > 0, money <= Limits.lineAmountMax else {
                throw LedgerError(.invalidAmount, field: "credit", value: text, rule: "a balance is positive, at most \(Limits.lineAmountMax)")
            }
            return Money(fen: -money.fen)
        default:
            throw LedgerError(.invalidAmount, field: "debit", rule: "give the balance in debit or in credit, one of them")
        }
    }
}
