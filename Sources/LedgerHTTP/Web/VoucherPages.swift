import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// Vouchers on the web: the form that adds up as it is typed, the preparer's drafts, the
/// approver's queue, approval, sending back and posting, each through the same use cases
/// as `coopledger voucher` and `/v1/…/vouchers`.
struct VoucherPages: Sendable {
    let workbench: Workbench
    /// Members offered by the form's picker; in a larger cooperative the number is typed.
    static let membersOfferedMax = 2_000

    func register(on router: Router<LedgerRequestContext>) {
        router.get("coops/:coop/vouchers", use: workbench.coopPage(.read, list))
        router.get("coops/:coop/vouchers/new", use: workbench.coopPage(.prepareVoucher, newForm))
        router.post("coops/:coop/vouchers", use: workbench.coopPage(.prepareVoucher, create))
        router.get("coops/:coop/vouchers/:id", use: workbench.coopPage(.read, show))
        router.get("coops/:coop/vouchers/:id/edit", use: workbench.coopPage(.prepareVoucher, editForm))
        router.post("coops/:coop/vouchers/:id", use: workbench.coopPage(.prepareVoucher, edit))
        router.post("coops/:coop/vouchers/:id/approve", use: workbench.coopPage(.approveVoucher, approve))
        router.post("coops/:coop/vouchers/:id/send-back", use: workbench.coopPage(.approveVoucher, sendBack))
        router.post("coops/:coop/vouchers/:id/post", use: workbench.coopPage(.prepareVoucher, post))
        router.post("coops/:coop/vouchers/:id/delete", use: workbench.coopPage(.prepareVoucher, delete))
        router.get("coops/:coop/voucher-sheets/:number", use: workbench.coopPage(.read, sheet))
    }

    @Sendable func list(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let me = visit.login!
        let open = try await ledger.vouchers(of: coop.code, includingPosted: false)
        let people = try await Workbench.peopleNames(ledger, in: coop.code)
        var groups: [(id: String, title: String, items: [VoucherDraft])] = [
            ("returned", visit.label("returned"), open.filter { $0.status == .returned && $0.preparedBy == me }),
            ("mine", visit.label("mine"), open.filter { $0.status == .draft && $0.preparedBy == me }),
        ]
        if coop.identity.canApprove || coop.identity.role == .auditor {
            groups.append(("to-approve", visit.label("to_approve"), open.filter { $0.status == .draft && $0.preparedBy != me }))
        }
        groups.append(("approved", visit.label("approved"), open.filter { $0.status == .approved }))
        return workbench.renderer.page(
            .vouchers, title: visit.label("vouchers"),
            VouchersPage(
                newHref: "/coops/\(coop.code)/vouchers/new",
                groups: groups.map { group in
                    .init(
                        id: group.id, title: group.title, hasItems: !group.items.isEmpty,
                        items: group.items.map { Self.summary($0, in: coop.code, people: people, visit: visit) })
                }), for: visit)
    }

    @Sendable func newForm(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        try await form(VoucherForm.blank(date: try Today.day()), refusals: .init(), editing: nil, visit, ledger)
    }

    @Sendable func create(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        try await save(VoucherForm(visit.form), editing: nil, visit, ledger)
    }

    @Sendable func editForm(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let draft = try await ledger.voucher(try id(visit), in: visit.coop!.code)
        return try await form(VoucherForm(draft.content), refusals: .init(), editing: draft.id, visit, ledger)
    }

    @Sendable func edit(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        try await save(VoucherForm(visit.form), editing: try id(visit), visit, ledger)
    }

    /// Saves the form as a draft (new or edited) and shows it; a refused form comes back as
    /// it was sent (422), each refusal beside its field, nothing saved. "More lines" only
    /// adds blank rows (the form works without JavaScript).
    private func save(_ typed: VoucherForm, editing id: Int64?, _ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!.code
        if visit.form["intent"] == "more-lines" {
            var more = typed
            more.rows += Array(repeating: VoucherForm.Row(), count: min(2, max(0, VoucherForm.rowsMax - more.rows.count)))
            return try await form(more, refusals: .init(), editing: id, visit, ledger)
        }
        do {
            let content = try typed.content()
            let draft = if let id { try await ledger.editVoucher(id, content, in: coop) } else { try await ledger.draftVoucher(content, in: coop) }
            return WebRenderer.redirect(to: "/coops/\(coop)/vouchers/\(draft.id)?notice=saved_notice")
        } catch let refusal as LedgerError {
            return try await form(typed, refusals: typed.place(refusal, language: visit.language), editing: id, visit, ledger, status: .unprocessableContent)
        }
    }

    private func form(
        _ typed: VoucherForm, refusals: VoucherForm.Refusals, editing id: Int64?, _ visit: WebVisit, _ ledger: Ledger,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let coop = visit.coop!.code
        let accounts = try await ledger.accounts(of: coop).filter { $0.isPostable && $0.isActive }.sorted { $0.code.rawValue < $1.code.rawValue }
        let members = try await ledger.members(of: coop).prefix(Self.membersOfferedMax)
        let heading = visit.label(id == nil ? "new_voucher_heading" : "edit_voucher_heading")
        return workbench.renderer.page(
            .voucherForm, title: heading,
            VoucherFormPage(
                heading: heading, action: id.map { "/coops/\(coop)/vouchers/\($0)" } ?? "/coops/\(coop)/vouchers",
                date: typed.date, memo: typed.memo, attachments: typed.attachments, rowCount: typed.rows.count,
                rows: typed.rows.enumerated().map { index, row in
                    .init(number: index + 1, account: row.account, member: row.member, debit: row.debit, credit: row.credit, error: refusals.rows[index])
                },
                dateError: refusals.date, memoError: refusals.memo, linesError: refusals.lines, formError: refusals.form,
                accounts: accounts.map(CodedName.init),
                members: members.map(NumberedName.init)), for: visit, status: status)
    }

    @Sendable func show(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let draft = try await ledger.voucher(try id(visit), in: coop.code)
        let allowed = draft.allowedActions(for: visit.login!, holding: coop.identity.roles)
        let status = draft.status
        let names = Dictionary(try await ledger.accounts(of: coop.code).map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let people = try await Workbench.peopleNames(ledger, in: coop.code)
        return workbench.renderer.page(
            .voucher, title: "\(visit.label("voucher")) #\(draft.id)",
            VoucherPage(
                id: draft.id, version: draft.version, status: visit.label("status_\(status.rawValue)"), statusKey: status.rawValue,
                number: draft.posted?.voucher?.description,
                sheetHref: draft.posted?.voucher.map { "/coops/\(coop.code)/voucher-sheets/\($0)" },
                returnedReason: draft.returnedReason,
                date: draft.content.date.description, memo: draft.content.memo, attachments: draft.content.attachments,
                preparedBy: people[draft.preparedBy] ?? draft.preparedBy.rawValue, approvedBy: draft.approvedBy.map { people[$0] ?? $0.rawValue } ?? "",
                lines: Self.lineRows(draft.content.lines, names: names),
                total: Self.total(draft.content.lines).grouped,
                // The service's own rule (VoucherDraft.allowedActions): a button is there exactly
                // when the action would be taken.
                canEdit: allowed.contains(.edit),
                canApprove: allowed.contains(.approve),
                canSendBack: allowed.contains(.sendBack),
                canPost: allowed.contains(.post),
                editHref: "/coops/\(coop.code)/vouchers/\(draft.id)/edit", actionHref: "/coops/\(coop.code)/vouchers/\(draft.id)"), for: visit)
    }

    /// The form carries the version the page showed: a draft changed since is refused.
    @Sendable func approve(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        guard let version = visit.form["version"].flatMap({ Int($0) }), version >= 1 else {
            throw LedgerError(
                .invalidValue, field: "version", value: visit.form["version"] ?? "", rule: "the approval names the version of the draft you were shown")
        }
        let draft = try await ledger.approveVoucher(try id(visit), version: version, in: visit.coop!.code)
        return WebRenderer.redirect(to: "/coops/\(visit.coop!.code)/vouchers/\(draft.id)?notice=approved_notice")
    }

    @Sendable func sendBack(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let draft = try await ledger.sendBackVoucher(try id(visit), reason: visit.form["reason"] ?? "", in: visit.coop!.code)
        return WebRenderer.redirect(to: "/coops/\(visit.coop!.code)/vouchers/\(draft.id)?notice=sent_back_notice")
    }

    @Sendable func post(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let id = try id(visit)
        _ = try await ledger.postVoucher(id, in: visit.coop!.code)
        return WebRenderer.redirect(to: "/coops/\(visit.coop!.code)/vouchers/\(id)?notice=posted_notice")
    }

    @Sendable func delete(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        try await ledger.deleteVoucher(try id(visit), in: visit.coop!.code)
        return WebRenderer.redirect(to: "/coops/\(visit.coop!.code)/vouchers?notice=deleted_notice")
    }

    /// A posted voucher's printable A5 page, as `voucher print` gives it.
    @Sendable func sheet(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let number = try VoucherNumber(parsing: try visit.parameters.require("number"), field: "number")
        return WebRenderer.html(VoucherRendering.html(try await ledger.voucherSheet(number, in: visit.coop!.code)), printable: true)
    }

    private func id(_ visit: WebVisit) throws -> Int64 {
        try Route.id(try visit.parameters.require("id"), of: "voucher draft")
    }

    /// An entry's debits. Lines are bounded (1,000 of at most 10^12 yuan), so the sum fits.
    static func total(_ lines: [PostingLine]) -> Money {
        Money(fen: lines.filter { !$0.amount.isNegative }.reduce(Int64(0)) { $0 + $1.amount.fen })
    }

    /// An entry's lines as a table shows them: account code and name, member, debit, credit.
    static func lineRows(_ lines: [PostingLine], names: [AccountCode: String]) -> [LineRow] {
        lines.map { line in
            LineRow(
                account: "\(line.account) \(names[line.account] ?? "")", member: line.member?.description ?? "",
                debit: line.amount.isNegative ? "" : line.amount.grouped,
                credit: line.amount.isNegative ? Money(fen: -line.amount.fen).grouped : "")
        }
    }

    /// One row of a voucher list.
    static func summary(_ draft: VoucherDraft, in coop: CoopCode, people: [Login: String], visit: WebVisit) -> VoucherSummary {
        VoucherSummary(
            id: draft.id, href: "/coops/\(coop)/vouchers/\(draft.id)", date: draft.content.date.description, memo: draft.content.memo,
            amount: total(draft.content.lines).grouped, preparedBy: people[draft.preparedBy] ?? draft.preparedBy.rawValue,
            status: visit.label("status_\(draft.status.rawValue)"))
    }
}

// The pages' models: what each template shows, by name.

/// One row of a voucher list (the vouchers page, today's awaiting list).
struct VoucherSummary {
    let id: Int64
    let href: String
    let date: String
    let memo: String
    let amount: String
    let preparedBy: String
    let status: String
}

/// An entry's line as a table shows it (a voucher, a booked operation's entry).
struct LineRow {
    let account: String
    let member: String
    let debit: String
    let credit: String
}

struct VouchersPage {
    struct Group {
        let id: String
        let title: String
        let hasItems: Bool
        let items: [VoucherSummary]
    }
    let newHref: String
    let groups: [Group]
}

struct VoucherFormPage {
    struct Row {
        let number: Int
        let account: String
        let member: String
        let debit: String
        let credit: String
        let error: String?
    }
    let heading: String
    let action: String
    let date: String
    let memo: String
    let attachments: String
    let rowCount: Int
    let rows: [Row]
    let dateError: String?
    let memoError: String?
    let linesError: String?
    let formError: String?
    let accounts: [CodedName]
    let members: [NumberedName]
}

struct VoucherPage {
    let id: Int64
    let version: Int
    let status: String
    let statusKey: String
    let number: String?
    let sheetHref: String?
    let returnedReason: String?
    let date: String
    let memo: String
    let attachments: Int
    let preparedBy: String
    let approvedBy: String
    let lines: [LineRow]
    let total: String
    let canEdit: Bool
    let canApprove: Bool
    let canSendBack: Bool
    let canPost: Bool
    let editHref: String
    let actionHref: String
}
