import LedgerCore
import LedgerStore
import Postgres

/// The statements `coopledger report NAME` prints.
public enum ReportName: String, Sendable, CaseIterable {
    case trialBalance = "trial-balance"
    case journal
    case ledger
    case balanceSheet = "balance-sheet"
    case surplus
    case equityChanges = "equity-changes"
    case memberAccount = "member-account"
    case benefits
    case indicators
    case assets
}

public struct ReportRequest: Sendable {
    public var name: ReportName
    /// The period: a whole year, or the start of `asOf`'s year through `asOf`.
    public var year: Int?
    /// One month (本月), with the year's totals through it (本年累计): trial balance, journal, ledger.
    public var month: CalendarMonth?
    public var asOf: Day?
    public var language: Language = .zh
    public var member: MemberNumber?
    /// benefits: one non-member household.
    public var household: HouseholdNumber?
    /// benefits: the poor households only (脱贫户 and 监测户).
    public var povertyOnly = false
    public var account: AccountCode?
    public var showID = false
    /// journal: one page of `Limits.journalEntriesPerPage` entries (from 1); nil for all of
    /// them (the command line's default; the server's doors always give a page).
    public var page: Int?
    /// ledger: the most postings to show, else a refusal asking for a shorter period (the
    /// server's doors set `Limits.ledgerPostingsPerRequestMax`; the command line none).
    public var postingsMax: Int?

    public init(name: ReportName) { self.name = name }

    /// First and last day of the period; the current year when neither is given.
    public func period(today: Day) throws -> (from: Day, through: Day, year: Int) {
        if let month { return (month.firstDay, month.lastDay, month.year) }
        if let asOf { return (try Day.firstDay(ofYear: asOf.year), asOf, asOf.year) }
        let year = year ?? today.year
        return (try Day.firstDay(ofYear: year), try Day.lastDay(ofYear: year), year)
    }
}

extension Ledger {
    /// Builds a statement, stamped with the hash chain heads as of its period's end (one
    /// repeatable-read snapshot for both).
    public func report(_ request: ReportRequest, of coop: CoopCode, today: Day) async throws -> Statement {
        try await read { connection in
            guard let cooperative = try CooperativeRepository(connection).find(coop) else { throw Self.unknownCooperative(coop) }
            let (_, through, _) = try request.period(today: today)
            var statement = try Self.statement(request, of: cooperative, today: today, on: connection)
            // The heads as of the period's end: a closed year's statements never change.
            let heads = try HashChain(connection, coop: coop).heads(through: through)
            statement.chainHead = try heads.entries?.hash ?? HashChain(connection, coop: coop).head().hash
            statement.periodHead = heads.periods?.hash
            return statement
        }
    }

    /// The statement `request` names, read on `connection` (one snapshot), unstamped.
    static func statement(_ request: ReportRequest, of cooperative: Cooperative, today: Day, on connection: Connection) throws -> Statement {
        let coop = cooperative.code
        let name = "\(cooperative.name) (\(coop))"
        let (from, through, year) = try request.period(today: today)
        let query = StatementQuery(connection, coop: coop)
        let language = request.language
        let statement: Statement
        switch request.name {
        case .trialBalance:
            let yearStart = try Day.firstDay(ofYear: year)
            let yearToDate = request.month == nil ? nil : yearStart
            let chart = try AccountRepository(connection, coop: coop).chart()
            let headings = chart.accounts.values.filter { account in chart.accounts.values.contains { $0.parent == account.code } }
            statement = try TrialBalanceStatement.build(
                try query.lines(from: from, through: through, yearToDateFrom: yearToDate),
                headings: Dictionary(headings.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first }),
                coopName: name, from: from, through: through, language: language)
        case .journal:
            guard let page = request.page else {
                statement = JournalStatement.build(
                    try query.postings(from: from, through: through), coopName: name, from: from, through: through, language: language)
                break
            }
            let perPage = Limits.journalEntriesPerPage
            let entries = try query.entryCount(from: from, through: through)
            let pages = max(1, (entries + perPage - 1) / perPage)
            guard (1...pages).contains(page) else {
                throw LedgerError(
                    .invalidValue, field: "page", value: String(page),
                    rule: "the journal of this period has \(pages) page\(pages == 1 ? "" : "s") of \(perPage) entries")
            }
            statement = JournalStatement.build(
                try query.postings(from: from, through: through, entries: (offset: (page - 1) * perPage, count: perPage)),
                coopName: name, from: from, through: through, language: language, page: Statement.Page(number: page, count: pages))
        case .ledger:
            guard let code = request.account else {
                throw LedgerError(.invalidValue, field: "account", rule: "the ledger report is for one account: give --account CODE")
            }
            guard let account = try AccountRepository(connection, coop: coop).chart()[code] else {
                throw LedgerError(.unknownAccount, field: "account", value: code.rawValue, rule: "no such account in this cooperative's chart")
            }
            if let member = request.member, try MemberRepository(connection, coop: coop).find(member) == nil {
                throw LedgerError(.unknownMember, field: "member", value: member.description, rule: "no such member in this cooperative")
            }
            if let postingsMax = request.postingsMax {
                let count = try query.postingCount(of: code, member: request.member, from: from, through: through)
                guard count <= postingsMax else {
                    throw LedgerError(
                        .invalidValue, field: request.month == nil ? "year" : "month", value: "\(from) – \(through)",
                        rule:
                            "\(code) has \(count) postings in this period, more than the \(postingsMax) a page shows: ask for one month (month=YYYY-MM), or read the journal's pages or the command line's report"
                    )
                }
            }
            statement = try AccountLedgerStatement.build(
                account: account, member: request.member, opening: try query.balance(of: code, member: request.member, before: from),
                earlierThisYear: try query.movements(of: code, member: request.member, from: try Day.firstDay(ofYear: year), before: from),
                postings: try query.postings(from: from, through: through, account: code, member: request.member),
                coopName: name, from: from, through: through, language: language
            )
        case .balanceSheet:
            statement = try BalanceSheet.build(try query.figures(from: from, through: through), coopName: name, asOf: through, language: language)
        case .surplus:
            let distribution = DistributionQuery(connection, coop: coop)
            statement = try surplusStatement(
                profitAndLoss: try distribution.profitAndLoss(year: year), chart: try AccountRepository(connection, coop: coop).chart(),
                carriedIn: try distribution.carriedIn(year: year), otherTransfersIn: try distribution.otherTransfersIn(year: year),
                distributed: try DistributionRunRepository.distributed(of: [coop], year: year, on: connection)[coop], of: cooperative, year: year,
                language: language)
        case .equityChanges:
            statement = try EquityChanges.build(try query.equityMovements(year: year), coopName: name, year: year, language: language)
        case .memberAccount:
            let members = try MemberRepository(connection, coop: coop).all().filter { request.member == nil || $0.number == request.member }
            if let member = request.member, members.isEmpty {
                throw LedgerError(.unknownMember, field: "member", value: member.description, rule: "no such member in this cooperative")
            }
            let accounts = try members.map { try MemberAccountQuery(connection, coop: coop).run(member: $0, year: year) }
            statement = try MemberAccountsStatement.build(accounts, coopName: name, year: year, showID: request.showID, language: language)
        case .assets:
            let yearAfter = try Day.firstDay(ofYear: year + 1)
            var booked: [AccountCode: Money] = [:]
            for assetClass in AssetClass.allCases {
                for code in [assetClass.costAccount, assetClass.depreciationAccount] {
                    booked[code] = try query.balance(of: code, member: nil, before: yearAfter)
                }
            }
            statement = try AssetStatements.schedule(
                try AssetRepository(connection, coop: coop).records(), year: year, ledger: booked, coopName: name, language: language)
        case .benefits:
            statement = try BenefitsStatement.build(try Self.benefits(request, year: year, in: coop, on: connection), coopName: name, language: language)
        case .indicators:
            let benefits = try BenefitQuery(connection, coop: coop).runEach(year: year)
            statement = try indicatorSheets(of: [cooperative], year: year, benefits: benefits, language: language, on: connection)[0]
        }
        return statement
    }

    /// 02表 from its figures: the year's profit and loss by account as posted (sub-accounts
    /// count in their standard line, 50101 生猪销售 in 501 经营收入), 332's, and what the
    /// year's posted run, if any, handed out.
    static func surplusStatement(
        profitAndLoss: [AccountCode: Money], chart: Chart, carriedIn: Money, otherTransfersIn: Money, distributed: SurplusStatement.Distributed?,
        of cooperative: Cooperative, year: Int, language: Language
    ) throws -> Statement {
        try SurplusStatement.build(
            profitAndLoss: try chart.rolledUp(profitAndLoss), carriedIn: carriedIn, otherTransfersIn: otherTransfersIn, run: distributed,
            coopName: "\(cooperative.name) (\(cooperative.code))", year: year, language: language
        )
    }

    /// What each household gained through the cooperative in `request`'s year, narrowed as
    /// it asks (one member, one household, the poor only).
    public func benefits(_ request: ReportRequest, today: Day, in coop: CoopCode) async throws -> BenefitStatement {
        let year = try request.period(today: today).year
        return try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try Self.benefits(request, year: year, in: coop, on: connection)
        }
    }

    static func benefits(_ request: ReportRequest, year: Int, in coop: CoopCode, on connection: Connection) throws -> BenefitStatement {
        if let member = request.member, try MemberRepository(connection, coop: coop).find(member) == nil {
            throw LedgerError(.unknownMember, field: "member", value: member.description, rule: "no such member in this cooperative")
        }
        if let household = request.household, try HouseholdRepository(connection, coop: coop).find(household) == nil {
            throw LedgerError(.unknownHousehold, field: "household", value: household.description, rule: "no such household in this cooperative")
        }
        return try BenefitQuery(connection, coop: coop).run(year: year).filtered { row in
            (request.member == nil || row.member == request.member)
                && (request.household == nil || row.household == request.household)
                && (!request.povertyOnly || row.poverty.isPoor)
        }
    }
}
