import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// The cooperative picker and a cooperative's pages other than vouchers: today, members,
/// the books (statements on screen, to print, as CSV) and the audit.
struct CoopPages: Sendable {
    let workbench: Workbench
    /// Members listed at once; a search narrows a larger cooperative.
    static let membersShownMax = 500
    /// Statements offered on the books page (a ledger needs an account: reached from it).
    static let books: [ReportName] = [.balanceSheet, .surplus, .equityChanges, .trialBalance, .journal, .memberAccount, .benefits, .indicators, .assets]

    func register(on router: Router<LedgerRequestContext>) {
        router.get("coops", use: workbench.page(picker))
        router.get("coops/:coop", use: workbench.coopPage(.read, today))
        router.get("coops/:coop/members", use: workbench.coopPage(.read, members))
        router.post("coops/:coop/members", use: workbench.coopPage(.manageMembers, addMember))
        router.get("coops/:coop/books", use: workbench.coopPage(.read, books))
        router.get("coops/:coop/books/:name", use: workbench.coopPage(.read, statement))
        router.get("coops/:coop/audit", use: workbench.coopPage(.read, audit))
    }

    @Sendable func picker(_ visit: WebVisit) async throws -> Response {
        let places = try await workbench.ledger.workplaces(of: visit.login!)
        let districts = try await workbench.ledger.districts(supervisedBy: visit.login!)
        // One cooperative: straight to it.
        if places.count == 1 && districts.isEmpty { return WebRenderer.redirect(to: "/coops/\(places[0].coop.code)") }
        return workbench.renderer.page(
            .coops, title: visit.label("pick_cooperative"),
            PickerPage(
                hasDistricts: !districts.isEmpty, districts: districts.map { CodedName(code: $0.code.rawValue, name: $0.name) },
                workplaces: places.map { place in
                    .init(
                        code: place.coop.code.rawValue, name: place.coop.name,
                        roles: place.roles.sorted().map { visit.label("role_\($0.rawValue)") }.joined(separator: " · "))
                }), for: visit)
    }

    @Sendable func today(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let today = try Today.day()
        let awaiting = try await ledger.vouchers(of: coop.code, includingPosted: false).filter { $0.status == .draft }
        let balances = try await ledger.trialBalance(of: coop.code, asOf: today).lines.filter {
            $0.account.rawValue.hasPrefix(AccountCode.cashOnHand.rawValue) || $0.account.rawValue.hasPrefix(AccountCode.bankDeposits.rawValue)
        }
        let closed = try await ledger.closedPeriods(of: coop.code, year: today.year)
        let closedYear: String = closed.year.map { visit.label("closed_through_year") + String($0) } ?? visit.label("no_closed_year")
        let closedMonth: String = closed.month.map { visit.label("closed_through_month") + $0.description } ?? visit.label("no_closed_month")
        let people = try await Workbench.peopleNames(ledger, in: coop.code)
        return workbench.renderer.page(
            .today, title: visit.label("today"),
            TodayPage(
                today: today.description, hasAwaiting: !awaiting.isEmpty,
                awaiting: awaiting.map { VoucherPages.summary($0, in: coop.code, people: people, visit: visit) },
                balances: balances.map { .init(code: $0.account.rawValue, name: $0.accountName, balance: $0.balance.grouped) },
                closedYearText: closedYear, closedMonthText: closedMonth), for: visit)
    }

    @Sendable func members(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        try await membersPage(visit, ledger, error: nil)
    }

    private func membersPage(_ visit: WebVisit, _ ledger: Ledger, error: String?) async throws -> Response {
        let coop = visit.coop!
        let query = (visit.request.uri.queryParameters[Substring("q")].map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
        let found = try await ledger.members(of: coop.code).filter { query.isEmpty || $0.number.description == query || $0.name.contains(query) }
        let year = try Today.day().year
        let households = try await ledger.households(of: coop.code)
        return workbench.renderer.page(
            .members, title: visit.label("members"),
            MembersPage(
                query: query,
                members: found.prefix(Self.membersShownMax).map { member in
                    .init(
                        number: member.number.description, name: member.name, poor: visit.label(member.isPoorHousehold ? "yes" : "no"),
                        joinedOn: member.joinedOn?.description ?? "",
                        accountHref: "/coops/\(coop.code)/books/member-account?member=\(member.number)&year=\(year)")
                },
                households: households.prefix(Self.membersShownMax).map { household in
                    .init(
                        number: household.number.description, name: household.name, village: household.village ?? "",
                        poverty: visit.label("poverty_" + household.poverty.rawValue),
                        benefitsHref: "/coops/\(coop.code)/books/benefits?household=\(household.number)&year=\(year)")
                },
                canAdmin: coop.identity.role >= .admin, addHref: "/coops/\(coop.code)/members", formError: error),
            for: visit, status: error == nil ? .ok : .unprocessableContent)
    }

    @Sendable func addMember(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let form = visit.form
        do {
            // The API's field names (`joined`, `poor_household`): one vocabulary for every door.
            let joined = try (form["joined"] ?? "").isEmpty ? nil : Day(parsing: form["joined"]!, field: "joined")
            let member = try Member(
                number: try MemberNumber(parsing: form["number"] ?? "", field: "number"), name: form["name"] ?? "",
                isPoorHousehold: form["poor_household"] == "true", joinedOn: joined)
            _ = try await ledger.addMember(member, to: coop.code)
            return WebRenderer.redirect(to: "/coops/\(coop.code)/members?notice=member_added_notice")
        } catch let refusal as LedgerError {
            return try await membersPage(visit, ledger, error: refusal.description)
        }
    }

    @Sendable func books(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let year = try Route.year(visit.request.uri.queryParameters[Substring("year")].map(String.init), field: "year") ?? Today.year
        let head = try await ledger.chainHead(of: coop.code)
        let accounts = try await ledger.accounts(of: coop.code).sorted { $0.code.rawValue < $1.code.rawValue }
        return workbench.renderer.page(
            .books, title: visit.label("books"),
            BooksPage(
                year: year,
                reports: Self.books.map { name in
                    .init(
                        name: name.rawValue, title: visit.label("report_\(name.rawValue)"),
                        href: "/coops/\(coop.code)/books/\(name.rawValue)?year=\(year)")
                },
                chainHead: head.description, ledgerHref: "/coops/\(coop.code)/books/ledger",
                accounts: accounts.map(CodedName.init)), for: visit)
    }

    /// A statement on screen, with links to its printable page and its CSV; the same
    /// statement `coopledger report` and the API give.
    @Sendable func statement(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let request = try Route.reportRequest(name: try visit.parameters.require("name"), visit.request, language: visit.language)
        let statement = try await ledger.report(request, of: coop.code, today: try Day(year: Today.year, month: 12, day: 31))
        return workbench.statementPage(statement, visit, fileName: "\(coop.code)-\(request.name.rawValue).csv")
    }

    @Sendable func audit(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        var page = AuditPage()
        if visit.request.uri.queryParameters[Substring("run")] != nil {
            switch try await ledger.verifyBooks(of: visit.coop!.code) {
            case (.intact(let head), .intact(let changes, let recordHead)):
                page = AuditPage(
                    verdict: visit.label("verify_intact") + head.description + "; \(changes) record changes, record head \(recordHead)", verdictClass: "ok")
            case (.broken(let entry, let chainSeq, let reason), _):
                page = AuditPage(verdict: visit.label("verify_broken") + "entry \(entry) (link \(chainSeq)): \(reason)", verdictClass: "error")
            case (_, .broken(let problems)):
                page = AuditPage(verdict: visit.label("verify_broken") + problems.joined(separator: "; "), verdictClass: "error")
            }
        }
        return workbench.renderer.page(.audit, title: visit.label("audit"), page, for: visit)
    }
}

// The pages' models: what each template shows, by name.

struct PickerPage {
    struct Workplace {
        let code: String
        let name: String
        let roles: String
    }
    let hasDistricts: Bool
    let districts: [CodedName]
    let workplaces: [Workplace]
}

struct TodayPage {
    struct Balance {
        let code: String
        let name: String
        let balance: String
    }
    let today: String
    let hasAwaiting: Bool
    let awaiting: [VoucherSummary]
    let balances: [Balance]
    let closedYearText: String
    let closedMonthText: String
}

struct MembersPage {
    struct Member {
        let number: String
        let name: String
        let poor: String
        let joinedOn: String
        let accountHref: String
    }
    struct Household {
        let number: String
        let name: String
        let village: String
        let poverty: String
        let benefitsHref: String
    }
    let query: String
    let members: [Member]
    let households: [Household]
    let canAdmin: Bool
    let addHref: String
    let formError: String?
}

struct BooksPage {
    struct Report {
        let name: String
        let title: String
        let href: String
    }
    let year: Int
    let reports: [Report]
    let chainHead: String
    let ledgerHref: String
    let accounts: [CodedName]
}

struct AuditPage {
    var verdict: String?
    var verdictClass: String?
}
