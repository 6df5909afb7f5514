import ArgumentParser
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService

struct VoucherCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voucher",
        abstract: "Vouchers (记账凭证): prepare a draft, another person approves it, then it is posted.",
        discussion: """
            A draft is not in the journal. Its preparer edits or deletes it until it is approved; \
            an approver (not its preparer) approves it or sends it back with a reason; posting \
            writes it as one entry numbered 记-YYYY-MM-NNNN, gapless per cooperative and month. \
            The acting person is the one signed in with `coopledger login` (over HTTP), else --user \
            (or $COOPLEDGER_USER) on the database directly.
            """,
        subcommands: [Draft.self, Edit.self, Delete.self, Approve.self, SendBack.self, Post.self, List.self, Show.self, Print.self]
    )

    /// A draft's content, as `draft` and `edit` take it (the lines as `post` takes them).
    struct Content: ParsableArguments {
        @Option(help: "Voucher date (YYYY-MM-DD).")
        var date: String
        @Option(help: "摘要: what the voucher is for.")
        var memo = ""
        @Option(help: "附单据: receipts attached to the paper voucher.")
        var attachments = 0
        @Option(help: ArgumentHelp("A debit line, ACCOUNT[:MEMBER]=AMOUNT (repeatable).", valueName: "line"))
        var debit: [String] = []
        @Option(help: ArgumentHelp("A credit line, ACCOUNT[:MEMBER]=AMOUNT (repeatable).", valueName: "line"))
        var credit: [String] = []

        func parsed() throws -> VoucherContent {
            let lines =
                try debit.enumerated().map { try LineArgument.parse($1, side: "debit", index: $0 + 1) }
                + credit.enumerated().map { try LineArgument.parse($1, side: "credit", index: $0 + 1) }
            return try VoucherContent(date: Day(parsing: date, field: "date"), memo: memo, lines: lines, attachments: attachments)
        }
    }

    struct Draft: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Prepare a voucher draft (制单).")
        @OptionGroup var content: Content
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let content = try content.parsed()
            if let remote = try RemoteSession.active(global) {
                let reply = try await RemoteClient(session: remote).send("POST", "vouchers", json: VoucherDraftRendering.json(content))
                print(global.format == .json ? reply.text : "draft \(try reply.object()["id"] as? Int ?? 0) prepared by \(remote.login); it awaits approval")
                return
            }
            let draft = try await Session.run(global, needs: .operation(.prepareVoucher)) { session in
                try await session.ledger.draftVoucher(content, in: try await session.coop())
            }
            print(
                global.format == .json
                    ? VoucherDraftRendering.render(draft, as: .json) : "draft \(draft.id) prepared by \(draft.preparedBy); it awaits approval")
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an unapproved draft's content (its preparer only).")
        @Argument(help: "The draft's id.") var id: Int64
        @OptionGroup var content: Content
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let content = try content.parsed()
            if let remote = try RemoteSession.active(global) {
                let reply = try await RemoteClient(session: remote).send("PUT", "vouchers/\(id)", json: VoucherDraftRendering.json(content))
                print(global.format == .json ? reply.text : "draft \(id) changed; it awaits approval")
                return
            }
            let draft = try await Session.run(global, needs: .operation(.prepareVoucher)) { session in
                try await session.ledger.editVoucher(id, content, in: try await session.coop())
            }
            print(global.format == .json ? VoucherDraftRendering.render(draft, as: .json) : "draft \(draft.id) changed; it awaits approval")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a draft that is not posted (its preparer only).")
        @Argument(help: "The draft's id.") var id: Int64
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let remote = try RemoteSession.active(global) {
                _ = try await RemoteClient(session: remote).send("DELETE", "vouchers/\(id)")
            } else {
                try await Session.run(global, needs: .operation(.prepareVoucher)) { session in
                    try await session.ledger.deleteVoucher(id, in: try await session.coop())
                }
            }
            print("deleted draft \(id)")
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a draft (审核): an approver or admin who did not prepare it.",
            discussion: "Name the version `voucher show` printed: a draft changed since you looked is refused (voucher_changed)."
        )
        @Argument(help: "The draft's id.") var id: Int64
        @Option(name: .customLong("version"), help: "The draft's version you were shown (`voucher show ID`).") var draftVersion: Int
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let remote = try RemoteSession.active(global) {
                let reply = try await RemoteClient(session: remote).send(
                    "POST", "vouchers/\(id)/approval", json: .object([("version", .integer(Int64(draftVersion)))]))
                print(global.format == .json ? reply.text : "draft \(id) approved by \(try reply.object()["approved_by"] as? String ?? "")")
                return
            }
            let draft = try await Session.run(global, needs: .operation(.approveVoucher)) { session in
                try await session.ledger.approveVoucher(id, version: draftVersion, in: try await session.coop())
            }
            print(global.format == .json ? VoucherDraftRendering.render(draft, as: .json) : "draft \(id) approved by \(draft.approvedBy?.rawValue ?? "")")
        }
    }

    struct SendBack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "send-back", abstract: "Send a draft back to its preparer, saying why.")
        @Argument(help: "The draft's id.") var id: Int64
        @Option(help: "Why it goes back (shown to the preparer).") var reason: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let remote = try RemoteSession.active(global) {
                _ = try await RemoteClient(session: remote).send("POST", "vouchers/\(id)/return", json: .object([("reason", .string(reason))]))
            } else {
                _ = try await Session.run(global, needs: .operation(.approveVoucher)) { session in
                    try await session.ledger.sendBackVoucher(id, reason: reason, in: try await session.coop())
                }
            }
            print("draft \(id) sent back: \(reason)")
        }
    }

    struct Post: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Post an approved draft (记账); prints the voucher number it got.")
        @Argument(help: "The draft's id.") var id: Int64
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let remote = try RemoteSession.active(global) {
                let reply = try await RemoteClient(session: remote).send("POST", "vouchers/\(id)/posting")
                let entry = try reply.object()
                print(
                    global.format == .json
                        ? reply.text
                        : "\(reply.status == 201 ? "posted" : "already posted as") entry \(entry["id"].map { "\($0)" } ?? "?") (voucher \(entry["voucher"] as? String ?? "?"))"
                )
                return
            }
            let text = try await Session.run(global, needs: .operation(.prepareVoucher)) { session in
                try await session.describe(try await session.ledger.postVoucher(id, in: try await session.coop()), key: SystemKey.voucherDraft(id))
            }
            print(text)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Drafts not yet posted, newest first (--all: posted ones too).")
        @Flag(help: "Include drafts already posted.") var all = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let remote = try RemoteSession.active(global) {
                print(
                    try await RemoteClient(session: remote).send(
                        "GET", "vouchers", query: [("all", all ? "true" : nil), ("format", global.format.remoteDraftFormat)]
                    ).text)
                return
            }
            let drafts = try await Session.run(global, needs: .operation(.read)) { session in
                try await session.ledger.vouchers(of: try await session.coop(), includingPosted: all)
            }
            print(VoucherDraftRendering.render(drafts, as: global.format))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One draft, with its lines and who did what.")
        @Argument(help: "The draft's id.") var id: Int64
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            if let remote = try RemoteSession.active(global) {
                print(try await RemoteClient(session: remote).send("GET", "vouchers/\(id)", query: [("format", global.format.remoteDraftFormat)]).text)
                return
            }
            let draft = try await Session.run(global, needs: .operation(.read)) { session in try await session.ledger.voucher(id, in: try await session.coop())
            }
            print(VoucherDraftRendering.render(draft, as: global.format))
        }
    }

    struct Print: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "print",
            abstract: "A posted voucher as a printable page (HTML, A5 landscape), by its number.",
            discussion: "Any posted entry has a number, operations and runs included: coopledger voucher print 记-2026-03-0005 --output v.html"
        )
        @Argument(help: "The voucher number, 记-YYYY-MM-NNNN.") var number: String
        @Option(help: "Write the page to this file instead of standard output.") var output: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let voucher = try VoucherNumber(parsing: number)
            let page: String
            if let remote = try RemoteSession.active(global) {
                page = try await RemoteClient(session: remote).send("GET", "voucher-sheets/\(voucher)").text
            } else {
                let sheet = try await Session.run(global, needs: .operation(.read)) { session in
                    try await session.ledger.voucherSheet(voucher, in: try await session.coop())
                }
                page = VoucherRendering.html(sheet)
            }
            if let output {
                try OutputFile.write(page, to: output)
                Session.progress("wrote voucher \(voucher) to \(output)")
            } else {
                print(page)
            }
        }
    }
}

extension OutputFormat {
    /// The server renders a draft as JSON or as the command line's text.
    var remoteDraftFormat: String { self == .json ? "json" : "text" }
}
