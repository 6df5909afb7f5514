import LedgerCore
import LedgerService

/// An operation's fields as a client sends them: a JSON body (the API) or an HTML form (the
/// workbench). Both are read by `OperationInput`, so a field means the same in each.
protocol OperationFields {
    /// A text field; nil when absent.
    func text(_ field: String) throws -> String?
    /// A whole number (a JSON number; a form's text); nil when absent.
    func wholeNumber(_ field: String) throws -> String?
    func flag(_ field: String) throws -> Bool?
}

extension StrictJSON: OperationFields {
    func text(_ field: String) throws -> String? { try string(field) }
    func wholeNumber(_ field: String) throws -> String? { try integer(field).map(String.init) }
    func flag(_ field: String) throws -> Bool? { try bool(field) }
}

extension OperationFields {
    func required(_ field: String) throws -> String {
        guard let text = try text(field) else { throw StrictJSON.Refusal(field: field, message: "required") }
        return text
    }

    func member(_ field: String = "member") throws -> MemberNumber {
        guard let text = try wholeNumber(field) else { throw StrictJSON.Refusal(field: field, message: "required") }
        return try MemberNumber(parsing: text, field: field)
    }

    /// `member` (a number) or `household` ("H3"), one of them: who sold, bought, rented out or worked.
    func seller() throws -> Payee {
        // A form sends its empty inputs as empty text: absent, as in JSON.
        let household = try optional("household")
        let member = try wholeNumber("member").flatMap { $0.isEmpty ? nil : $0 }
        switch (member, household) {
        case (let member?, nil): return .member(try MemberNumber(parsing: member, field: "member"))
        case (nil, let household?): return .household(try HouseholdNumber(parsing: household, field: "household"))
        case (nil, nil): throw StrictJSON.Refusal(field: "member", message: "required: a member, or a non-member household")
        case (_?, _?): throw StrictJSON.Refusal(field: "household", message: "give member or household, not both")
        }
    }

    func day(_ field: String) throws -> Day { try Day(parsing: try required(field), field: field) }

    /// A text field a form may send empty: empty is absent.
    func optional(_ field: String) throws -> String? { try text(field).flatMap { $0.isEmpty ? nil : $0 } }

    /// A whole number that fits an Int; nil when absent (or a form's empty input).
    func integer(_ field: String) throws -> Int? {
        guard let text = try wholeNumber(field).flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard let number = Int(text) else { throw Problem.invalid(field, "\(field): \(text): a whole number") }
        return number
    }

    func key() throws -> ClientKey { try ClientKey(try required("key")) }
}

/// The operations' inputs, read from either kind of fields.
enum OperationInput {
    static let purchaseFields: Set<String> = [
        "key", "date", "member", "household", "product", "quantity_kg", "market_price", "premium", "price_date", "price_source", "paid",
    ]
    static let saleFields: Set<String> = ["key", "date", "member", "household", "product", "quantity_kg", "price", "paid"]
    static let subsidyFields: Set<String> = ["key", "date", "amount", "source", "by", "memo"]
    static let capitalFields: Set<String> = ["key", "date", "member", "amount", "source"]
    static let leaseFields: Set<String> = ["key", "member", "household", "area_mu", "rate", "start", "end"]
    static let loanEquityFields: Set<String> = ["key", "member", "principal", "start", "years", "payout", "treatment"]

    static func purchase(_ fields: some OperationFields) throws -> (slip: PurchaseSlip, date: Day, key: ClientKey, paid: Bool) {
        let slip = try PurchaseSlip(
            seller: try fields.seller(), product: try fields.required("product"),
            quantity: Weight(parsingKilograms: try fields.required("quantity_kg"), field: "quantity_kg"),
            marketPrice: UnitPrice(parsingYuanPerKilogram: try fields.required("market_price"), field: "market_price"),
            priceDate: try fields.text("price_date").map { try Day(parsing: $0, field: "price_date") },
            priceSource: try fields.text("price_source"),
            premium: try fields.text("premium").map { try BasisPoints(parsingPercent: $0, field: "premium") }
        )
        return (slip, try fields.day("date"), try fields.key(), try fields.flag("paid") ?? false)
    }

    static func sale(_ fields: some OperationFields) throws -> (sale: Sale, date: Day, key: ClientKey, paid: Bool) {
        let sale = try Sale(
            buyer: try fields.seller(), product: try fields.required("product"),
            quantity: Weight(parsingKilograms: try fields.required("quantity_kg"), field: "quantity_kg"),
            price: UnitPrice(parsingYuanPerKilogram: try fields.required("price"), field: "price")
        )
        return (sale, try fields.day("date"), try fields.key(), try fields.flag("paid") ?? false)
    }

    /// A member's capital contribution; its source in the command line's words (absent: other).
    static func capital(_ fields: some OperationFields) throws -> (member: MemberNumber, amount: Money, source: ContributionSource, date: Day, key: ClientKey) {
        let source = try ContributionSource(parsing: try fields.text("source") ?? ContributionSource.other.inputName, field: "source")
        return (try fields.member(), try Money(parsing: try fields.required("amount"), field: "amount"), source, try fields.day("date"), try fields.key())
    }

    static func subsidy(_ fields: some OperationFields) throws -> (subsidy: Subsidy, date: Day, key: ClientKey) {
        let sourceText = try fields.required("source")
        guard let source = Subsidy.Source(rawValue: sourceText) else { throw Problem.invalid("source", "source: \(sourceText): state or donation") }
        let byText = try fields.text("by") ?? Subsidy.Quantification.equal.rawValue
        guard let quantification = Subsidy.Quantification(rawValue: byText) else { throw Problem.invalid("by", "by: \(byText): equal or capital") }
        let subsidy = try Subsidy(
            amount: Money(parsing: try fields.required("amount"), field: "amount"), source: source,
            quantification: quantification, memo: try fields.text("memo") ?? "")
        return (subsidy, try fields.day("date"), try fields.key())
    }

    static let householdFields: Set<String> = ["name", "id_number", "village", "poverty"]

    /// A non-member household as the API's JSON and the workbench's form give it. A form
    /// sends its inputs left empty as empty text (`emptyIsAbsent`); JSON's empty text is refused.
    static func household(_ fields: some OperationFields, emptyIsAbsent: Bool = false) throws -> HouseholdDetails {
        func given(_ field: String) throws -> String? { try fields.text(field).flatMap { emptyIsAbsent && $0.isEmpty ? nil : $0 } }
        return try HouseholdDetails(
            name: try fields.required("name"), idNumber: try given("id_number"), village: try given("village"),
            poverty: try given("poverty").map { try Poverty(parsing: $0, field: "poverty") } ?? .none
        )
    }

    static func lease(_ fields: some OperationFields) throws -> (lease: Lease, key: String?) {
        let lease = try Lease(
            lessor: try fields.seller(), area: Area(parsingMu: try fields.required("area_mu"), field: "area_mu"),
            yearlyRatePerMu: Money(parsing: try fields.required("rate"), field: "rate"), startsOn: try fields.day("start"),
            endsOn: try fields.text("end").map { try Day(parsing: $0, field: "end") }
        )
        return (lease, try fields.text("key"))
    }

    static func loanEquity(_ fields: some OperationFields) throws -> (contract: LoanEquityContract, key: String?) {
        let treatmentText = try fields.text("treatment") ?? "liability"
        guard let treatment = LoanEquityTreatment(rawValue: treatmentText) else {
            throw Problem.invalid("treatment", "treatment: \(treatmentText): liability or equity")
        }
        guard let yearsText = try fields.wholeNumber("years") else { throw StrictJSON.Refusal(field: "years", message: "required") }
        guard let years = Int(yearsText) else { throw Problem.invalid("years", "years: \(yearsText): a whole number of years") }
        let contract = try LoanEquityContract(
            member: try fields.member(), principal: Money(parsing: try fields.required("principal"), field: "principal"),
            startsOn: try fields.day("start"), years: years,
            yearlyPayout: Money(parsing: try fields.text("payout") ?? "0", field: "payout"), treatment: treatment
        )
        return (contract, try fields.text("key"))
    }

    /// An asset entering the register: `class`, `name`, `cost`, `acquired`, `life_months`,
    /// and optionally `salvage`, `count`, `cost_account` and `from`.
    static func asset(_ fields: some OperationFields) throws -> (asset: Asset, key: ClientKey) {
        let classText = try fields.required("class")
        guard let assetClass = AssetClass(rawValue: classText) else { throw Problem.invalid("class", "class: \(classText): fixed or breeding") }
        let sourceText = try fields.optional("from") ?? AssetSource.bank.rawValue
        guard let source = AssetSource(rawValue: sourceText) else { throw Problem.invalid("from", "from: \(sourceText): bank, construction, gilts or opening") }
        guard let lifeMonths = try fields.integer("life_months") else { throw StrictJSON.Refusal(field: "life_months", message: "required") }
        let acquiredOn = try fields.day("acquired")
        // Brought in by the opening: its depreciation so far (the ledger fills in the opening's date).
        let broughtIn =
            source != .opening
            ? nil
            : Asset.BroughtIn(
                on: acquiredOn, depreciation: try Money(parsing: try fields.optional("depreciated") ?? "0", field: "depreciated"),
                months: try fields.integer("months_depreciated") ?? 0)
        let asset = try Asset(
            assetClass: assetClass, name: try fields.required("name"), cost: Money(parsing: try fields.required("cost"), field: "cost"),
            salvage: try fields.optional("salvage").map { try Money(parsing: $0, field: "salvage") } ?? .zero, acquiredOn: acquiredOn,
            lifeMonths: lifeMonths, headCount: try fields.integer("count") ?? 1,
            expenseAccount: try fields.optional("cost_account").map { try AccountCode(parsing: $0, field: "cost_account") } ?? .productionCosts, source: source,
            broughtIn: broughtIn
        )
        return (asset, try fields.key())
    }

    /// An asset (`asset`: A3, when the path does not name it) or heads of a batch leaving the
    /// register: `date`, `proceeds`, and optionally `count` and `reason`.
    static func disposal(_ fields: some OperationFields, asset named: String? = nil) throws
        -> (asset: Int32, date: Day, count: Int?, proceeds: Money, reason: DisposalReason, key: ClientKey)
    {
        let asset = try Asset.number(parsing: try named ?? fields.required("asset"))
        let reasonText = try fields.optional("reason") ?? DisposalReason.sold.rawValue
        guard let reason = DisposalReason(rawValue: reasonText) else {
            throw Problem.invalid("reason", "reason: \(reasonText): sold, culled, died or scrapped")
        }
        return (
            asset, try fields.day("date"), try fields.integer("count"), try Money(parsing: try fields.required("proceeds"), field: "proceeds"), reason,
            try fields.key()
        )
    }
}
