import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService
import Mustache

/// Dealings with households on the web: a purchase slip, a sale, capital, a subsidy, a land
/// lease and its year's fees, loan equity and its year's payouts; a non-member household
/// added, a month's payroll and its payment. The fields are the API's
/// (`OperationInput` reads both), each form carries an idempotency key made when it was
/// shown (a form sent twice posts once), and a refused form comes back as typed.
struct OperationPages: Sendable {
    let workbench: Workbench

    /// Each form, the role it needs, and what it does with the fields.
    enum Form: String, CaseIterable, Sendable {
        case purchase, sale, capital, subsidy, lease, leaseFees = "lease-fees", loanEquity = "loan-equity", loanPayouts = "loan-payouts"
        case household = "new-household", payroll, payrollPayment = "payroll-payment"
        case asset = "new-asset", depreciation, disposal

        /// What the form does, and so the role it needs (the one table: `LedgerAction`).
        var operation: LedgerAction {
            switch self {
            case .purchase: .purchase
            case .sale: .sale
            case .household: .addHousehold
            case .payroll: .payroll
            case .payrollPayment: .payrollPayment
            case .capital: .capital
            case .subsidy: .subsidy
            case .lease: .lease
            case .leaseFees: .leaseFees
            case .loanEquity, .loanPayouts: .loanEquity
            case .asset, .disposal: .manageAssets
            case .depreciation: .depreciate
            }
        }
    }

    func register(on router: Router<LedgerRequestContext>) {
        router.get("coops/:coop/operations", use: workbench.coopPage(.post, forms))
        router.post("coops/:coop/operations/:form", use: workbench.coopPage(.post, submit))
        router.get("coops/:coop/entries/:id", use: workbench.coopPage(.read, entry))
        router.get("coops/:coop/assets", use: workbench.coopPage(.read, assets))
    }

    @Sendable func forms(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        try await page(visit, ledger, refused: nil, error: "")
    }

    private func page(_ visit: WebVisit, _ ledger: Ledger, refused: Form?, error: String) async throws -> Response {
        let coop = visit.coop!
        let today = try Today.day().description
        let members = try await ledger.members(of: coop.code).prefix(VoucherPages.membersOfferedMax)
        let households = try await ledger.households(of: coop.code).prefix(VoucherPages.membersOfferedMax)
        var forms: [Form: FormState] = [:]
        for form in Form.allCases {
            // A fresh key for each form shown; a refused form keeps what was typed (and its key).
            let typed = form == refused ? visit.form.values.filter { $0.key != "csrf" } : [:]
            forms[form] = FormState(key: "web-" + WebSessions.randomToken().prefix(24), date: today, typed: typed, error: form == refused ? error : nil)
        }
        let model = OperationsPage(
            members: members.map(NumberedName.init),
            households: households.map(NumberedName.init),
            canAdmin: coop.identity.role >= .admin, base: "/coops/\(coop.code)/operations", year: try Today.day().year,
            premiumDefault: coop.cooperative.purchasePremium.description, month: String(today.prefix(7)), assetsHref: "/coops/\(coop.code)/assets",
            forms: forms)
        return workbench.renderer.page(.operations, title: visit.label("operations"), model, for: visit, status: refused == nil ? .ok : .unprocessableContent)
    }

    @Sendable func submit(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let text = try visit.parameters.require("form")
        guard let form = Form(rawValue: text) else { throw Problem.notFound("no form \(text)") }
        try workbench.require(form.operation, visit)
        let fields = visit.form
        do {
            switch form {
            case .purchase:
                let input = try OperationInput.purchase(fields)
                return try await posted(try await ledger.purchase(input.slip, date: input.date, key: input.key, paidAtOnce: input.paid, in: coop.code), visit)
            case .sale:
                let input = try OperationInput.sale(fields)
                return try await posted(try await ledger.sell(input.sale, date: input.date, key: input.key, paidAtOnce: input.paid, in: coop.code), visit)
            case .capital:
                let input = try OperationInput.capital(fields)
                let outcome = try await ledger.contribute(
                    member: input.member, amount: input.amount, source: input.source, date: input.date, key: input.key, in: coop.code)
                return try await posted(outcome, visit)
            case .subsidy:
                let input = try OperationInput.subsidy(fields)
                return try await posted(try await ledger.addSubsidy(input.subsidy, date: input.date, key: input.key, in: coop.code).outcome, visit)
            case .lease:
                let input = try OperationInput.lease(fields)
                _ = try await ledger.addLease(input.lease, key: input.key, in: coop.code)
                return WebRenderer.redirect(to: "/coops/\(coop.code)/operations?notice=lease_added_notice")
            case .loanEquity:
                let input = try OperationInput.loanEquity(fields)
                _ = try await ledger.addLoanEquity(input.contract, key: input.key, in: coop.code)
                return WebRenderer.redirect(to: "/coops/\(coop.code)/operations?notice=contract_added_notice")
            case .household:
                _ = try await ledger.addHousehold(try OperationInput.household(fields, emptyIsAbsent: true), in: coop.code)
                return WebRenderer.redirect(to: "/coops/\(coop.code)/members?notice=household_added_notice#households")
            case .payroll:
                let costAccount = try fields.optional("cost_account") ?? AccountCode.productionCosts.rawValue
                // An uploaded CSV file, or the lines typed in the form.
                let upload = fields.files["file"].flatMap { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
                return try await posted(
                    try await ledger.postPayroll(
                        typed: try upload ?? fields.required("lines"), named: upload == nil ? "lines" : "file",
                        month: try CalendarMonth(parsing: try fields.required("month")), key: try fields.key(),
                        costAccount: try AccountCode(parsing: costAccount, field: "cost_account"), in: coop.code
                    ), visit)
            case .payrollPayment:
                guard
                    let outcome = try await ledger.payPayroll(
                        month: try CalendarMonth(parsing: try fields.required("month")), date: try fields.day("date"), key: try fields.key(), in: coop.code)
                else {
                    return WebRenderer.redirect(to: "/coops/\(coop.code)/operations?notice=nothing_owed_notice")
                }
                return try await posted(outcome, visit)
            case .asset:
                let input = try OperationInput.asset(fields)
                _ = try await ledger.addAsset(input.asset, key: input.key, in: coop.code)
                return WebRenderer.redirect(to: "/coops/\(coop.code)/assets?notice=asset_added_notice")
            case .depreciation:
                guard let outcome = try await ledger.depreciate(month: try CalendarMonth(parsing: try fields.required("month")), in: coop.code) else {
                    return WebRenderer.redirect(to: "/coops/\(coop.code)/operations?notice=nothing_due_notice")
                }
                return try await posted(outcome, visit)
            case .disposal:
                let input = try OperationInput.disposal(fields)
                return try await posted(
                    try await ledger.disposeAsset(
                        input.asset, date: input.date, count: input.count, proceeds: input.proceeds,
                        reason: input.reason, key: input.key, in: coop.code), visit)
            case .leaseFees, .loanPayouts:
                let year = try Route.year(try fields.required("year"), field: "year")!
                let paying = try fields.text("action") == "pay"
                let date = paying ? try fields.day("date") : nil
                _ =
                    switch (form, date) {
                    case (.leaseFees, let date?): try await ledger.payLeaseFees(year: year, date: date, in: coop.code)
                    case (.leaseFees, nil): try await ledger.accrueLeaseFees(year: year, in: coop.code)
                    case (_, let date?): try await ledger.payLoanEquityPayouts(year: year, date: date, in: coop.code)
                    case (_, nil): try await ledger.accrueLoanEquityPayouts(year: year, in: coop.code)
                    }
                return WebRenderer.redirect(to: "/coops/\(coop.code)/books/journal?year=\(year)&notice=batch_posted_notice")
            }
        } catch let refused as ImportRefused {
            // A payroll's bad lines, each by its number.
            return try await page(visit, ledger, refused: form, error: refused.errors.map(\.description).joined(separator: "; "))
        } catch  where Self.isRefusal(error) {
            return try await page(visit, ledger, refused: form, error: Problem.from(error).detail)
        }
    }

    /// Bad input or a rule of the books: said beside the form, which comes back as typed.
    static func isRefusal(_ error: any Error) -> Bool {
        let status = Problem.from(error).status
        return status == .unprocessableContent || status == .conflict || (status == .notFound && !(error is Problem))
    }

    private func posted(_ outcome: PostingOutcome, _ visit: WebVisit) async throws -> Response {
        WebRenderer.redirect(to: "/coops/\(visit.coop!.code)/entries/\(outcome.entryID.value)?notice=posted_notice")
    }

    /// The asset register, as `asset list` prints it, with a printable page and a CSV.
    @Sendable func assets(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let register = AssetStatements.register(
            try await ledger.assets(of: coop.code), coopName: "\(coop.cooperative.name) (\(coop.code))", language: visit.language)
        return workbench.statementPage(register, visit, fileName: "\(coop.code)-assets.csv")
    }

    /// One journal entry as posted: its voucher number, people and lines.
    @Sendable func entry(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!
        let value = try Route.id(try visit.parameters.require("id"), of: "entry")
        guard let stored = try await ledger.entry(EntryID(value), in: coop.code) else { throw Problem.notFound("no entry \(value)") }
        let names = Dictionary(try await ledger.accounts(of: coop.code).map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let entry = stored.entry
        let people = try await Workbench.peopleNames(ledger, in: coop.code)
        let name = { (login: Login?) in login.map { people[$0] ?? $0.rawValue } ?? "" }
        return workbench.renderer.page(
            .entry, title: stored.voucher?.description ?? "#\(value)",
            EntryPage(
                id: value, number: stored.voucher?.description,
                sheetHref: stored.voucher.map { "/coops/\(coop.code)/voucher-sheets/\($0)" },
                date: entry.date.description, memo: entry.memo, kind: entry.kind.rawValue, key: entry.key,
                preparedBy: name(stored.people.preparedBy), approvedBy: name(stored.people.approvedBy), postedBy: name(stored.people.postedBy),
                lines: VoucherPages.lineRows(entry.lines, names: names),
                total: VoucherPages.total(entry.lines).grouped), for: visit)
    }
}

// The pages' models: what each template shows, by name.

/// The operations page: every form (`{{#purchase}}`, `{{#lease_fees}}`, …), and what they offer.
struct OperationsPage: MustacheParent {
    let members: [NumberedName]
    let households: [NumberedName]
    let canAdmin: Bool
    let base: String
    let year: Int
    let premiumDefault: String
    let month: String
    let assetsHref: String
    let forms: [OperationPages.Form: FormState]

    /// A form by its name in the template (`lease_fees` for `lease-fees`), else a property.
    func child(named name: String) -> Any? {
        if let form = OperationPages.Form(rawValue: name.replacingOccurrences(of: "_", with: "-")) { return forms[form] }
        return PageContext.property(named: name, of: self)
    }
}

/// One form as shown: a fresh idempotency key and today's date, or, for the refused form,
/// what was typed (its key included) and the refusal. The fields are the form's own names.
struct FormState: MustacheParent {
    let key: String
    let date: String
    let typed: [String: String]
    let error: String?

    func child(named name: String) -> Any? {
        if let value = typed[name] { return value }
        switch name {
        case "key": return key
        case "date": return date
        case "error": return error
        default: return nil
        }
    }
}

struct EntryPage {
    let id: Int64
    let number: String?
    let sheetHref: String?
    let date: String
    let memo: String
    let kind: String
    let key: String
    let preparedBy: String
    let approvedBy: String
    let postedBy: String
    let lines: [LineRow]
    let total: String
}
