import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerService

/// `/v1/coops/{coop}/entries`: post an entry (idempotent by key), read one back.
struct EntriesController {
    let ledger: Ledger
    let metrics: APIMetrics

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.post("entries", use: post)
        group.get("entries", use: list)
        group.get("entries/:id", use: show)
        group.get("balances", use: balances)
    }

    /// The body is the JSON Lines shape; the `Idempotency-Key` header is the key (the body's
    /// `key`, if given, must match). A retry with the same key and body returns the
    /// original entry (200); the same key with another body is 409.
    @Sendable func post(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Self.coop(context)
        _ = try context.authorize(.bookkeeper, for: coop)
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty else {
            throw Problem.invalid("Idempotency-Key", "the Idempotency-Key header is required")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let bytes = Array(body.readableBytesView)[...]
        let entry = try Self.entry(from: bytes, key: key)
        let outcome = try await ledger.post(entry, to: coop)
        let status: HTTPResponse.Status = if case .posted = outcome { .created } else { .ok }
        if status == .created { metrics.entriesPosted.increment() }
        return JSONResponse.make(Self.render(entry, id: outcome.entryID), status: status)
    }

    /// Entries in id order, a page at a time: `?after=ID&limit=N`, then `next_cursor`.
    @Sendable func list(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Self.coop(context)
        _ = try context.authorize(.auditor, for: coop)
        let page = try Page(request)
        let entries = try await ledger.entries(of: coop, after: EntryID(page.after), limit: page.limit + 1)
        let items = entries.prefix(page.limit)
        let next = entries.count > page.limit ? items.last.map { String($0.id.value) } : nil
        return JSONResponse.make(.object([("items", .array(items.map { Self.render($0.entry, id: $0.id) })), ("next_cursor", .optional(next))]))
    }

    @Sendable func show(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Self.coop(context)
        _ = try context.authorize(.auditor, for: coop)
        let text = try context.parameters.require("id")
        guard let id = Int64(text).map(EntryID.init) else { throw Problem.notFound("no entry \(text)") }
        guard let stored = try await ledger.entry(id, in: coop) else { throw Problem.notFound("no entry \(id) in \(coop)") }
        return JSONResponse.make(Self.render(stored.entry, id: stored.id))
    }

    /// The trial balance, in the contract's shape.
    @Sendable func balances(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Self.coop(context)
        _ = try context.authorize(.auditor, for: coop)
        var asOf: Day?
        if let text = request.uri.queryParameters[Substring("as_of")] {
            do throws(LedgerError) {
                asOf = try Day(parsing: String(text), field: "as_of")
            } catch {
                throw Problem.invalid("as_of", error.description)
            }
        }
        return JSONResponse.make(try await ledger.trialBalance(of: coop, asOf: asOf).json)
    }

    static func coop(_ context: LedgerRequestContext) throws -> CoopCode {
        let text = try context.parameters.require("coop")
        guard let code = try? CoopCode(parsing: text) else { throw Problem.notFound("no cooperative \(text)") }
        return code
    }

    static func entry(from bytes: ArraySlice<UInt8>, key: String) throws -> JournalEntry {
        let lines = try EntryJSON.lines(from: bytes, file: "body", line: 1, key: key)
        guard let first = lines.first else { throw Problem.invalid("lines", "an entry has at least two lines") }
        guard first.key == key else {
            throw Problem.invalid("key", "the body's key \(first.key) differs from the Idempotency-Key header \(key)")
        }
        return try JournalEntry(key: key, date: first.date, memo: first.memo,
                                lines: lines.map { PostingLine(account: $0.account, member: $0.member, amount: $0.amount) })
    }

    /// The JSON Lines shape, with the entry's id.
    static func render(_ entry: JournalEntry, id: EntryID) -> JSONValue {
        .object([
            ("id", .integer(id.value)), ("key", .string(entry.key)), ("date", .string(entry.date.description)), ("memo", .string(entry.memo)),
            ("lines", .array(entry.lines.map { line in
                .object([
                    ("account", .string(line.account.rawValue)), ("member", .optional(line.member.map { Int64($0.value) })),
                    line.amount.isNegative ? ("credit", .string(Money(fen: -line.amount.fen).description)) : ("debit", .string(line.amount.description)),
                ])
            })),
        ])
    }

}
