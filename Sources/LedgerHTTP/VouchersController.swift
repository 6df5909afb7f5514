import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// `/v1/coops/{coop}/vouchers`: drafts prepared, edited, approved or sent back, posted;
/// `/v1/coops/{coop}/voucher-sheets/{number}`: a posted voucher's printable page.
struct VouchersController {
    let ledger: Ledger

    func register(on group: RouterGroup<LedgerRequestContext>) {
        group.get("vouchers", use: list)
        group.post("vouchers", use: draft)
        group.get("vouchers/:id", use: show)
        group.put("vouchers/:id", use: edit)
        group.delete("vouchers/:id", use: delete)
        group.post("vouchers/:id/approval", use: approve)
        group.post("vouchers/:id/return", use: sendBack)
        group.post("vouchers/:id/posting", use: post)
        group.get("voucher-sheets/:number", use: sheet)
    }

    @Sendable func list(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let all = request.uri.queryParameters[Substring("all")].map { $0 == "true" } ?? false
        let drafts = try await ledger.vouchers(of: coop, includingPosted: all)
        // `format=text`: the command line's own table, as `coopledger voucher list` prints it.
        if try wantsText(request) { return Self.text(VoucherDraftRendering.render(drafts, as: .text)) }
        return JSONResponse.make(.object([("items", .array(drafts.map(VoucherDraftRendering.json)))]))
    }

    @Sendable func draft(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .prepareVoucher, for: coop)
        let draft = try await ledger.draftVoucher(try await content(request, context), in: coop)
        return JSONResponse.make(VoucherDraftRendering.json(draft), status: .created)
    }

    @Sendable func show(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let draft = try await ledger.voucher(try id(context), in: coop)
        if try wantsText(request) { return Self.text(VoucherDraftRendering.render(draft, as: .text)) }
        return JSONResponse.make(VoucherDraftRendering.json(draft))
    }

    @Sendable func edit(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .prepareVoucher, for: coop)
        let draft = try await ledger.editVoucher(try id(context), try await content(request, context), in: coop)
        return JSONResponse.make(VoucherDraftRendering.json(draft))
    }

    @Sendable func delete(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .prepareVoucher, for: coop)
        try await ledger.deleteVoucher(try id(context), in: coop)
        return Response(status: .noContent)
    }

    @Sendable func approve(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .approveVoucher, for: coop)
        let body = try await Route.body(request, context, fields: ["version"])
        let draft = try await ledger.approveVoucher(try id(context), version: try body.requiredInteger("version"), in: coop)
        return JSONResponse.make(VoucherDraftRendering.json(draft))
    }

    @Sendable func sendBack(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .approveVoucher, for: coop)
        let body = try await Route.body(request, context, fields: ["reason"])
        let draft = try await ledger.sendBackVoucher(try id(context), reason: try body.requiredString("reason"), in: coop)
        return JSONResponse.make(VoucherDraftRendering.json(draft))
    }

    /// Posts an approved draft: 201 with the entry (and its voucher number), 200 if it was posted before.
    @Sendable func post(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .prepareVoucher, for: coop)
        return try await Route.entryResponse(try await ledger.postVoucher(try id(context), in: coop), ledger: ledger, coop: coop)
    }

    @Sendable func sheet(request: Request, context: LedgerRequestContext) async throws -> Response {
        let coop = try Route.coop(context)
        let ledger = try context.ledger(self.ledger, doing: .read, for: coop)
        let number = try VoucherNumber(parsing: try context.parameters.require("number"), field: "number")
        let page = VoucherRendering.html(try await ledger.voucherSheet(number, in: coop))
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    private func wantsText(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters[Substring("format")].map(String.init) ?? "json" {
        case "json": false
        case "text": true
        case let other: throw Problem.invalid("format", "format: \(other): json or text")
        }
    }

    static func text(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private func id(_ context: LedgerRequestContext) throws -> Int64 {
        try Route.id(try context.parameters.require("id"), of: "voucher draft")
    }

    private func content(_ request: Request, _ context: LedgerRequestContext) async throws -> VoucherContent {
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return try EntryJSON.voucherContent(from: Array(buffer.readableBytesView)[...])
    }
}
