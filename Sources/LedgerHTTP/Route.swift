import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// What every route shares: the cooperative of the path, a strict JSON body, a year, the
/// posted entry as a response, pages.
enum Route {
    static func coop(_ context: LedgerRequestContext) throws -> CoopCode {
        let text = try context.parameters.require("coop")
        guard let code = try? CoopCode(parsing: text) else { throw Problem.notFound("no cooperative \(text)") }
        return code
    }

    /// A record's id in a path: digits only, else the record is simply not there.
    static func id(_ text: String, of what: String) throws -> Int64 {
        guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let id = Int64(text) else { throw Problem.notFound("no \(what) \(text)") }
        return id
    }

    static func body(_ request: Request, _ context: LedgerRequestContext, fields: Set<String>) async throws -> StrictJSON {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return try StrictJSON(parsing: Array(buffer.readableBytesView)[...], fields: fields)
    }

    /// A `?page=` number, from 1 through `max`.
    static func pageNumber(_ text: String, upTo max: Int) throws -> Int {
        guard let page = Int(text), (1...max).contains(page) else { throw Problem.invalid("page", "page: \(text): a page number from 1") }
        return page
    }

    static func year(_ text: String?, field: String) throws -> Int? {
        guard let text else { return nil }
        guard let year = Int(text), (1...9999).contains(year) else { throw Problem.invalid(field, "\(field): \(text): a year is from 1 to 9999") }
        return year
    }

    /// A statement as a query asks for it (`?year=&month=&lang=&member=&account=`), for the
    /// API's reports and the workbench's pages alike.
    static func reportRequest(name nameText: String, _ request: Request, language: Language? = nil) throws -> ReportRequest {
        let query = request.uri.queryParameters
        guard let name = ReportName(rawValue: nameText) else { throw Problem.notFound("no report \(nameText)") }
        var report = ReportRequest(name: name)
        report.year = try year(query[Substring("year")].map(String.init), field: "year")
        report.month = try query[Substring("month")].map { try CalendarMonth(parsing: String($0)) }
        if report.month != nil && (report.year != nil || ![.trialBalance, .journal, .ledger].contains(name)) {
            throw Problem.invalid("month", "month: trial-balance, journal and ledger only, and not with year")
        }
        let languageText = query[Substring("lang")].map(String.init) ?? language?.rawValue ?? "zh"
        guard let language = Language(rawValue: languageText) else { throw Problem.invalid("lang", "lang: \(languageText): zh or en") }
        report.language = language
        report.member = try query[Substring("member")].map { try MemberNumber(parsing: String($0), field: "member") }
        report.household = try query[Substring("household")].map { try HouseholdNumber(parsing: String($0), field: "household") }
        report.povertyOnly = query[Substring("poverty_only")].map { $0 == "true" || $0 == "1" } ?? false
        if report.member != nil && report.household != nil { throw Problem.invalid("household", "household: give member or household, not both") }
        report.account = try query[Substring("account")].map { try AccountCode(parsing: String($0), field: "account") }
        // The server always pages the journal: one request holds one page of entries.
        let pageText = query[Substring("page")].map(String.init)
        if name == .journal {
            report.page = try pageText.map { try pageNumber($0, upTo: Limits.journalPagesMax) } ?? 1
        } else if pageText != nil {
            throw Problem.invalid("page", "page: the journal only")
        }
        if name == .ledger { report.postingsMax = Limits.ledgerPostingsPerRequestMax }
        return report
    }

    /// The entry an operation posted: 201 when written now, 200 when it was there already.
    static func entryResponse(_ outcome: PostingOutcome, ledger: Ledger, coop: CoopCode) async throws -> Response {
        guard let stored = try await ledger.entry(outcome.entryID, in: coop) else { throw Problem.notFound("no entry \(outcome.entryID)") }
        let status: HTTPResponse.Status = if case .posted = outcome { .created } else { .ok }
        return JSONResponse.make(entryJSON(stored), status: status)
    }

    /// The JSON Lines shape, with the entry's id, voucher number and people.
    static func entryJSON(_ stored: StoredEntry) -> JSONValue {
        let entry = stored.entry
        return .object([
            ("id", .integer(stored.id.value)), ("voucher", .optional(stored.voucher?.description)),
            ("prepared_by", .optional(stored.people.preparedBy?.rawValue)), ("approved_by", .optional(stored.people.approvedBy?.rawValue)),
            ("posted_by", .optional(stored.people.postedBy?.rawValue)), ("key", .string(entry.key)), ("date", .string(entry.date.description)),
            ("memo", .string(entry.memo)),
            (
                "lines",
                .array(
                    entry.lines.map { line in
                        .object([
                            ("account", .string(line.account.rawValue)), ("member", .optional(line.member.map { Int64($0.value) })),
                            line.amount.isNegative
                                ? ("credit", .string(Money(fen: -line.amount.fen).description)) : ("debit", .string(line.amount.description)),
                        ])
                    })
            ),
        ])
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
