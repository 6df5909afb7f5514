import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/coops/{coop}/entries`: post an entry (idempotent by key), list and read them, reverse one.
struct EntriesController {
    let ledger: Ledger
    let metrics: APIMetrics

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.post("entries", use: post)
        group.get("entries", use: list)
        group.get("entries/:id", use: show)
        group.post("entries/:id/reversal", use: reverse)
    }

    /// The body is the JSON Lines shape; the `Idempotency-Key` header is the key (the body's
    /// `key`, if given, must match). A retry with the same key and body returns the
    /// original entry (200); the same key with another body is 409.
    @Sendable func post(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .post, for: coop)
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty else {
            throw Problem.invalid("Idempotency-Key", "the Idempotency-Key header is required")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let bytes = Array(body.readableBytesView)[...]
        let entry = try EntryJSON.entry(from: bytes, key: key)
        let posting = try await ledger.postNumbered(entry, to: coop)
        guard case .posted(let id) = posting.outcome else { return try await Route.entryResponse(posting.outcome, ledger: ledger, coop: coop) }
        metrics.entriesPosted.increment()
        // Written just now, by this person, directly: nothing needs reading back.
        let stored = StoredEntry(
            id: id, entry: entry, voucher: posting.voucher,
            people: EntryPeople(preparedBy: ledger.actor, approvedBy: nil, postedBy: ledger.actor))
        return JSONResponse.make(Route.entryJSON(stored), status: .created)
    }

    /// Entries in id order, a page at a time: `?after=ID&limit=N`, then `next_cursor`.
    @Sendable func list(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let page = try Page(request)
        let entries = try await ledger.entries(of: coop, after: EntryID(page.after), limit: page.limit + 1)
        let items = entries.prefix(page.limit)
        let next = entries.count > page.limit ? items.last.map { String($0.id.value) } : nil
        return JSONResponse.make(.object([("items", .array(items.map { Route.entryJSON($0) })), ("next_cursor", .optional(next))]))
    }

    @Sendable func show(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let text = try context.parameters.require("id")
        guard let id = Int64(text).map(EntryID.init) else { throw Problem.notFound("no entry \(text)") }
        guard let stored = try await ledger.entry(id, in: coop) else { throw Problem.notFound("no entry \(id) in \(coop)") }
        return JSONResponse.make(Route.entryJSON(stored))
    }

    @Sendable func reverse(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let identity = try context.authorize(.reverse, for: coop)
        let ledger = context.ledger(self.ledger, actingAs: identity)
        let id = try EntryID(parsing: try context.parameters.require("id"), field: "id")
        let body = try await Route.body(request, context, fields: ["date", "key"])
        // Which kinds this role may reverse is the ledger's rule (Role.toReverse).
        let outcome = try await ledger.reverse(
            id, date: try Day(parsing: try body.requiredString("date"), field: "date"),
            key: try ClientKey(try body.requiredString("key")), by: identity.role, in: coop)
        return try await Route.entryResponse(outcome, ledger: ledger, coop: coop)
    }
}
