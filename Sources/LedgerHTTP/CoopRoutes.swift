import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerService

/// The contract's routes under `/v1/coops/{coop}` besides entries: members, operations,
/// the distribution, reports. Each is a thin call to the same use case as the CLI.
struct CoopRoutes {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("members", use: listMembers)
        group.post("members", use: addMember)
        group.get("members/:number", use: memberAccount)
        group.post("entries/:id/reversal", use: reverse)
        group.post("purchases", use: purchase)
        group.post("sales", use: sale)
        group.post("subsidies", use: subsidy)
        group.post("leases", use: lease)
        group.post("loan-equity", use: loanEquity)
        group.get("dividends/:year/preview", use: preview)
        group.post("dividends/:year", use: postDistribution)
        group.get("reports/:name", use: report)
    }

    @Sendable func listMembers(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.auditor, for: coop)
        let page = try Page(request)
        let members = try await ledger.members(of: coop).filter { $0.number.value > page.after }
        let items = members.prefix(page.limit)
        let next = members.count > page.limit ? items.last.map { Int64($0.number.value) } : nil
        return JSONResponse.make(.object([
            ("items", .array(items.map { MemberRendering.json($0, showID: false) })),
            ("next_cursor", .optional(next.map(String.init))),
        ]))
    }

    @Sendable func addMember(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.admin, for: coop)
        let body = try await Self.body(request, context, fields: ["number", "name", "id_number", "poor_household", "joined"])
        let member = try Member(
            number: MemberNumber(parsing: String(try body.requiredInteger("number")), field: "number"), name: try body.requiredString("name"),
            idNumber: try body.string("id_number"), isPoorHousehold: try body.bool("poor_household") ?? false,
            joinedOn: try body.string("joined").map { try Day(parsing: $0, field: "joined") }
        )
        let outcome = try await ledger.addMember(member, to: coop)
        return JSONResponse.make(MemberRendering.json(member, showID: false),
                                      status: outcome == .created ? .created : .ok)
    }

    @Sendable func memberAccount(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.auditor, for: coop)
        let number = try MemberNumber(parsing: try context.parameters.require("number"), field: "number")
        let year = try Self.year(request.uri.queryParameters[Substring("year")].map(String.init), field: "year") ?? Today.year
        return JSONResponse.make(try await ledger.memberAccount(number, year: year, in: coop).json(showID: false))
    }

    @Sendable func reverse(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        let identity = try context.authorize(.bookkeeper, for: coop)
        let id = try EntryID(parsing: try context.parameters.require("id"), field: "id")
        let body = try await Self.body(request, context, fields: ["date", "key"])
        // Which kinds this role may reverse is the ledger's rule (Role.toReverse).
        let outcome = try await ledger.reverse(id, date: try Day(parsing: try body.requiredString("date"), field: "date"),
                                               key: try ClientKey(try body.requiredString("key")), by: identity.role, in: coop)
        return try await entry(outcome, coop: coop)
    }

    @Sendable func purchase(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.bookkeeper, for: coop)
        let body = try await Self.body(request, context, fields: ["key", "date", "member", "product", "quantity_kg", "market_price", "premium", "price_date", "price_source", "paid"])
        let date = try Day(parsing: try body.requiredString("date"), field: "date")
        let slip = try PurchaseSlip(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"), product: try body.requiredString("product"),
            quantity: Weight(parsingKilograms: try body.requiredString("quantity_kg"), field: "quantity_kg"),
            marketPrice: UnitPrice(parsingYuanPerKilogram: try body.requiredString("market_price"), field: "market_price"),
            priceDate: try body.string("price_date").map { try Day(parsing: $0, field: "price_date") },
            priceSource: try body.string("price_source"),
            premium: try body.string("premium").map { try BasisPoints(parsingPercent: $0, field: "premium") }
        )
        let outcome = try await ledger.purchase(slip, date: date, key: try ClientKey(try body.requiredString("key")), paidAtOnce: try body.bool("paid") ?? false, in: coop)
        return try await entry(outcome, coop: coop)
    }

    @Sendable func sale(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.bookkeeper, for: coop)
        let body = try await Self.body(request, context, fields: ["key", "date", "member", "product", "quantity_kg", "price", "paid"])
        let sale = try Sale(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"), product: try body.requiredString("product"),
            quantity: Weight(parsingKilograms: try body.requiredString("quantity_kg"), field: "quantity_kg"),
            price: UnitPrice(parsingYuanPerKilogram: try body.requiredString("price"), field: "price")
        )
        let outcome = try await ledger.sell(sale, date: try Day(parsing: try body.requiredString("date"), field: "date"),
                                            key: try ClientKey(try body.requiredString("key")), paidAtOnce: try body.bool("paid") ?? false, in: coop)
        return try await entry(outcome, coop: coop)
    }

    @Sendable func subsidy(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.admin, for: coop)
        let body = try await Self.body(request, context, fields: ["key", "date", "amount", "source", "by", "memo"])
        let sourceText = try body.requiredString("source")
        guard let source = Subsidy.Source(rawValue: sourceText) else { throw Problem.invalid("source", "source: \(sourceText): state or donation") }
        let byText = try body.string("by") ?? Subsidy.Quantification.equal.rawValue
        guard let quantification = Subsidy.Quantification(rawValue: byText) else { throw Problem.invalid("by", "by: \(byText): equal or capital") }
        let subsidy = try Subsidy(amount: Money(parsing: try body.requiredString("amount"), field: "amount"), source: source,
                                  quantification: quantification, memo: try body.string("memo") ?? "")
        let (outcome, _) = try await ledger.addSubsidy(subsidy, date: try Day(parsing: try body.requiredString("date"), field: "date"),
                                                       key: try ClientKey(try body.requiredString("key")), in: coop)
        return try await entry(outcome, coop: coop)
    }

    @Sendable func lease(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.admin, for: coop)
        let body = try await Self.body(request, context, fields: ["key", "member", "area_mu", "rate", "start", "end"])
        let lease = try Lease(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"),
            area: Area(parsingMu: try body.requiredString("area_mu"), field: "area_mu"),
            yearlyRatePerMu: Money(parsing: try body.requiredString("rate"), field: "rate"),
            startsOn: Day(parsing: try body.requiredString("start"), field: "start"),
            endsOn: try body.string("end").map { try Day(parsing: $0, field: "end") }
        )
        let (id, outcome) = try await ledger.addLease(lease, key: try body.string("key"), in: coop)
        return JSONResponse.make(.object([("lease", .integer(id))]), status: outcome == .created ? .created : .ok)
    }

    @Sendable func loanEquity(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.admin, for: coop)
        let body = try await Self.body(request, context, fields: ["key", "member", "principal", "start", "years", "payout", "treatment"])
        let treatmentText = try body.string("treatment") ?? "liability"
        guard let treatment = LoanEquityTreatment(rawValue: treatmentText) else {
            throw Problem.invalid("treatment", "treatment: \(treatmentText): liability or equity")
        }
        let contract = try LoanEquityContract(
            member: MemberNumber(parsing: String(try body.requiredInteger("member")), field: "member"),
            principal: Money(parsing: try body.requiredString("principal"), field: "principal"),
            startsOn: Day(parsing: try body.requiredString("start"), field: "start"), years: try body.requiredInteger("years"),
            yearlyPayout: Money(parsing: try body.string("payout") ?? "0", field: "payout"), treatment: treatment
        )
        let (id, outcome) = try await ledger.addLoanEquity(contract, key: try body.string("key"), in: coop)
        return JSONResponse.make(.object([("contract", .integer(id))]), status: outcome == .created ? .created : .ok)
    }

    @Sendable func preview(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.auditor, for: coop)
        let year = try Self.year(try context.parameters.require("year"), field: "year")!
        return JSONResponse.make(try await ledger.previewDistribution(year: year, in: coop).json)
    }

    @Sendable func postDistribution(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.admin, for: coop)
        let year = try Self.year(try context.parameters.require("year"), field: "year")!
        let run = try await ledger.postDistribution(year: year, in: coop)
        guard case .object(let figures) = run.distribution.json else { return JSONResponse.make(run.distribution.json) }
        return JSONResponse.make(.object([("run", .integer(run.id))] + figures), status: .created)
    }

    @Sendable func report(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try EntriesController.coop(context)
        _ = try context.authorize(.auditor, for: coop)
        let nameText = try context.parameters.require("name")
        guard let name = ReportName(rawValue: nameText) else { throw Problem.notFound("no report \(nameText)") }
        let query = request.uri.queryParameters
        var report = ReportRequest(name: name)
        report.year = try Self.year(query[Substring("year")].map(String.init), field: "year")
        let languageText = query[Substring("lang")].map(String.init) ?? "zh"
        guard let language = Language(rawValue: languageText) else { throw Problem.invalid("lang", "lang: \(languageText): zh or en") }
        report.language = language
        report.member = try query[Substring("member")].map { try MemberNumber(parsing: String($0), field: "member") }
        report.account = try query[Substring("account")].map { try AccountCode(parsing: String($0), field: "account") }
        let formatText = query[Substring("format")].map(String.init) ?? "json"
        guard let format = OutputFormat(rawValue: formatText), format != .text else { throw Problem.invalid("format", "format: \(formatText): json, csv or html") }
        let statement = try await ledger.report(report, of: coop, today: try Day(year: Today.year, month: 12, day: 31))
        let contentType = switch format {
        case .json, .text: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        }
        return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: statement.rendered(as: format))))
    }

    // MARK: - Helpers

    private func entry(_ outcome: PostingOutcome, coop: CoopCode) async throws -> Response {
        guard let stored = try await ledger.entry(outcome.entryID, in: coop) else { throw Problem.notFound("no entry \(outcome.entryID)") }
        let status: HTTPResponse.Status = if case .posted = outcome { .created } else { .ok }
        return JSONResponse.make(EntriesController.render(stored.entry, id: stored.id), status: status)
    }

    static func body(_ request: Request, _ context: LedgerRequestContext, fields: Set<String>) async throws -> StrictJSON {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return try StrictJSON(Array(buffer.readableBytesView)[...], fields: fields)
    }

    static func year(_ text: String?, field: String) throws -> Int? {
        guard let text else { return nil }
        guard let year = Int(text), (1...9999).contains(year) else { throw Problem.invalid(field, "\(field): \(text): a year is from 1 to 9999") }
        return year
    }
}

/// `?after=CURSOR&limit=N`: items after the cursor, at most `limit` (bounded).
struct Page {
    let after: Int64
    let limit: Int

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        let afterText = query[Substring("after")].map(String.init)
        // Digits only, as the API document says: no sign, so -1 is no cursor.
        guard let after = afterText.map({ text in text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? Int64(text) : nil }) ?? 0 else {
            throw Problem.invalid("after", "after: \(afterText ?? ""): a cursor from next_cursor")
        }
        let limitText = query[Substring("limit")].map(String.init)
        guard let limit = limitText.map({ Int($0) }) ?? HTTPLimits.pageSizeDefault, (1...HTTPLimits.pageSizeMax).contains(limit) else {
            throw Problem.invalid("limit", "limit: \(limitText ?? ""): 1 to \(HTTPLimits.pageSizeMax)")
        }
        self.after = after
        self.limit = limit
    }
}
