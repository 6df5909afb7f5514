import ArgumentParser
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print a statement of the books.",
        discussion: """
            trial-balance (科目余额表), journal (序时账), ledger (明细账, with --account [--member N]: 上年结转, 本月合计, 本年累计), balance-sheet (资产负债表, 会农社01表), \
            surplus (盈余及盈余分配表, 会农社02表), equity-changes (成员权益变动表, 会农社03表), member-account (成员账户), \
            benefits (农户受益情况表: what each household gained, by channel, paid and owed), indicators (合作社年度指标表: the \
            district forms' figures, each with its source). \
            --format text, json, csv (UTF-8 with BOM, for Excel) or html (a printable A4 page).
            """
    )

    @Argument(help: "The report: \(ReportName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var name: ReportName
    @Option(help: "The year (default: this year).")
    var year: Int?
    @Option(help: "Up to this day (YYYY-MM-DD) instead of a whole year.")
    var asOf: String?
    @Option(help: ArgumentHelp("trial-balance, journal, ledger: one month (YYYY-MM), with 本月合计 and 本年累计.", valueName: "month"))
    var month: String?
    @Option(help: "member-account, ledger, benefits: one member only (ledger: the account's detail account of that member).")
    var member: String?
    @Option(help: "benefits: one non-member household only (H3).")
    var household: String?
    @Flag(help: "benefits: the poor households only (脱贫户 and 防止返贫监测对象).")
    var povertyOnly = false
    @Option(help: "ledger: the account.")
    var account: String?
    @Option(help: ArgumentHelp("journal: one page of \(Limits.journalEntriesPerPage) entries (from 1) instead of them all.", valueName: "n"))
    var page: Int?
    @Option(help: "Labels: zh (default) or en.")
    var lang: Language = .zh
    @Flag(help: "Show ID numbers in full.")
    var showID = false
    @Option(help: "Write to this file instead of standard output.")
    var output: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if [year != nil, asOf != nil, month != nil].filter({ $0 }).count > 1 { throw ValidationError("give one of --year, --as-of and --month") }
        if (household != nil || povertyOnly) && name != .benefits { throw ValidationError("--household and --poverty-only are for the benefits report") }
        if member != nil && household != nil { throw ValidationError("give --member or --household, not both") }
        if let page, name != .journal || !(1...Limits.journalPagesMax).contains(page) { throw ValidationError("--page is for the journal, from 1") }
        if month != nil && ![.trialBalance, .journal, .ledger].contains(name) {
            throw ValidationError("--month is for trial-balance, journal and ledger; the statutory statements are for a year (--year) or a day (--as-of)")
        }
    }

    func run() async throws {
        var request = ReportRequest(name: name)
        request.year = year
        request.asOf = try asOf.map { try Day(parsing: $0, field: "as-of") }
        request.month = try month.map { try CalendarMonth(parsing: $0) }
        request.language = lang
        request.member = try member.map { try MemberNumber(parsing: $0, field: "member") }
        request.household = try household.map { try HouseholdNumber(parsing: $0, field: "household") }
        request.povertyOnly = povertyOnly
        request.account = try account.map { try AccountCode(parsing: $0, field: "account") }
        request.showID = showID
        request.page = page
        let today = try Today.day()
        if global.wantsWorkbook {
            try await writeWorkbook(request, today: today)
            return
        }
        let text: String
        if let remote = try RemoteSession.active(global) {
            text = try await remoteReport(request, remote, format: global.format.rawValue).text
        } else {
            text = try await Session.run(global, needs: .operation(.read)) { session in
                let coop = try await session.coop()
                try await session.requireSeesIDNumbers(showID, in: coop)
                // The contract's trial-balance JSON: closing balances per account and member.
                if name == .trialBalance && global.format == .json {
                    let (_, through, _) = try request.period(today: today)
                    return try await session.ledger.trialBalance(of: coop, asOf: through).json.rendered
                }
                if name == .benefits && global.format == .json {
                    return try BenefitRendering.json(try await session.ledger.benefits(request, today: today, in: coop)).rendered
                }
                return try await session.ledger.report(request, of: coop, today: today).rendered(as: global.format)
            }
        }
        if let output {
            try OutputFile.write(text, to: output)
        } else {
            print(text)
        }
    }

    /// `--format xlsx --output FILE`: the statement as an Excel workbook.
    private func writeWorkbook(_ request: ReportRequest, today: Day) async throws {
        guard let output else { throw ValidationError("--format xlsx writes a workbook: give --output FILE.xlsx") }
        if let remote = try RemoteSession.active(global) {
            let bytes = try await remoteReport(request, remote, format: "xlsx").body
            guard FileManager.default.createFile(atPath: output, contents: bytes) else {
                throw LedgerError(.invalidValue, field: "output", value: output, rule: "cannot write this file")
            }
        } else {
            let statement = try await Session.run(global, needs: .operation(.read), writesWorkbook: true) { session in
                let coop = try await session.coop()
                try await session.requireSeesIDNumbers(showID, in: coop)
                return try await session.ledger.report(request, of: coop, today: today)
            }
            try StatementWorkbook.write([statement], to: output)
        }
        Session.progress("wrote \(name.rawValue) to \(output)")
    }
}

extension ReportCommand {
    /// The statement as the server renders it for the signed-in person.
    private func remoteReport(_ request: ReportRequest, _ remote: RemoteSession, format: String) async throws -> RemoteClient.Reply {
        guard asOf == nil, !showID else {
            throw ValidationError("--as-of and --show-id are not served over HTTP; give --year or --month")
        }
        let client = RemoteClient(session: remote)
        // The contract's trial balance in JSON is the API's /balances.
        if name == .trialBalance && format == "json" && month == nil {
            return try await client.send("GET", "balances", query: [("as_of", year.map { "\($0)-12-31" })])
        }
        return try await client.send(
            "GET", "reports/\(name.rawValue)",
            query: [
                ("year", year.map(String.init)), ("month", month), ("lang", request.language.rawValue),
                ("member", member), ("household", household), ("poverty_only", povertyOnly ? "true" : nil),
                ("account", account), ("page", page.map(String.init)), ("format", format),
            ])
    }
}

extension ReportName: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
