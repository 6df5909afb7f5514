import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// The year end on the web: the distribution as a table (every member's weights and
/// shares, the pools, the rule), posting it and reversing it after typing the year to
/// confirm, and paying it out.
struct YearEndPages: Sendable {
    let workbench: Workbench

    func register(on router: Router<LedgerRequestContext>) {
        router.get("coops/:coop/year-end", use: workbench.coopPage(.read, show))
        router.post("coops/:coop/year-end/:action", use: workbench.coopPage(.distribution, act))
    }

    @Sendable func show(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let year = try Route.year(visit.request.uri.queryParameters[Substring("year")].map(String.init), field: "year") ?? Today.year
        return try await page(visit, ledger, year: year, error: nil)
    }

    private func page(_ visit: WebVisit, _ ledger: Ledger, year: Int, error: String?) async throws -> Response {
        let coop = visit.coop!
        let run = try await ledger.postedDistribution(year: year, in: coop.code)
        let distribution = if let run { run.distribution } else { try await ledger.previewDistribution(year: year, in: coop.code) }
        let names = Dictionary(try await ledger.members(of: coop.code).map { ($0.number, $0.name) }, uniquingKeysWith: { first, _ in first })
        let charter = distribution.settings.charter
        let pools: [YearEndPage.Pool] = [
            .init(label: visit.label("pool_surplus"), amount: distribution.surplus.grouped),
            .init(label: visit.label("pool_carried_in"), amount: distribution.carriedIn.grouped),
            .init(label: visit.label("pool_reserve") + " (\(charter.reserveRate))", amount: distribution.reserve.grouped),
            .init(label: visit.label("pool_distributable"), amount: distribution.distributable.grouped),
            .init(label: visit.label("pool_patronage") + " (\(charter.patronageShare))", amount: distribution.patronagePool.grouped),
            .init(label: visit.label("pool_capital") + " (\(charter.capitalShare))", amount: distribution.capitalPool.grouped),
            .init(label: visit.label("pool_undistributed"), amount: distribution.undistributed.grouped),
        ]
        let members: [YearEndPage.Share] = distribution.members.map { share in
            .init(
                member: share.member.description, name: names[share.member] ?? "", patronageWeight: share.patronageWeight.grouped,
                patronageRefund: share.patronageRefund.grouped, capitalWeight: share.capitalWeight.grouped,
                capitalDistribution: share.capitalDistribution.grouped, reserveShare: share.reserveShare.grouped)
        }
        let rule =
            visit.label("rule_patronage_kinds") + distribution.settings.patronageKinds.map(\.rawValue).sorted().joined(separator: ", ")
            + " · " + visit.label("rule_reserve_by") + distribution.settings.reserveQuantification.rawValue
        return workbench.renderer.page(
            .yearEnd, title: visit.label("year_end"),
            YearEndPage(
                year: year, isPosted: run != nil, runID: run?.id, pools: pools, members: members, notes: distribution.notes,
                rule: rule, canAdmin: coop.identity.role >= .admin, base: "/coops/\(coop.code)/year-end", today: try Today.day().description,
                totals: .init(
                    member: "", name: "", patronageWeight: distribution.totalPatronageWeight.grouped,
                    patronageRefund: distribution.patronageDistributed.grouped, capitalWeight: distribution.totalCapitalWeight.grouped,
                    capitalDistribution: distribution.capitalDistributed.grouped,
                    reserveShare: (distribution.isReserveQuantified ? distribution.reserve : .zero).grouped),
                error: error), for: visit, status: error == nil ? .ok : .unprocessableContent)
    }

    /// `post`, `pay` or `reverse`; posting and reversing need the year typed again.
    @Sendable func act(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!.code
        let fields = visit.form
        let year = try Route.year(try fields.required("year"), field: "year")!
        let action = try visit.parameters.require("action")
        do {
            switch action {
            case "post", "reverse":
                guard (try fields.text("confirm")) == String(year) else {
                    throw LedgerError(
                        .invalidValue, field: "confirm", value: try fields.text("confirm"), rule: visit.label("type_year_to_confirm") + " \(year)")
                }
                if action == "post" {
                    _ = try await ledger.postDistribution(year: year, in: coop)
                } else {
                    _ = try await ledger.reverseDistribution(year: year, in: coop)
                }
            case "pay":
                _ = try await ledger.payDistribution(
                    year: year, member: nil, date: try fields.day("date"), convertToCapital: try fields.flag("convert") ?? false, in: coop)
            default:
                throw Problem.notFound("no year-end action \(action)")
            }
            return WebRenderer.redirect(to: "/coops/\(coop)/year-end?year=\(year)&notice=\(action)_done_notice")
        } catch  where OperationPages.isRefusal(error) {
            return try await page(visit, ledger, year: year, error: Problem.from(error).detail)
        }
    }
}

/// The year-end page: the run's pools and each member's share, posted or previewed.
struct YearEndPage {
    struct Pool {
        let label: String
        let amount: String
    }
    /// A member's share, or (`totals`) the column sums, member and name left blank.
    struct Share {
        let member: String
        let name: String
        let patronageWeight: String
        let patronageRefund: String
        let capitalWeight: String
        let capitalDistribution: String
        let reserveShare: String
    }
    let year: Int
    let isPosted: Bool
    let runID: Int64?
    let pools: [Pool]
    let members: [Share]
    let notes: [String]
    let rule: String
    let canAdmin: Bool
    let base: String
    let today: String
    let totals: Share
    let error: String?
}
