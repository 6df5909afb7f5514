import Foundation
import Hummingbird
import LedgerCore
import LedgerRendering
import LedgerService

/// Importing a journal CSV on the web: the upload is checked by a dry run first (every
/// error in a table, by line), then posted all or nothing by the same importer as
/// `coopledger import`. Between the two the file waits on the server under a random name,
/// for at most `keptSeconds`, readable by the service alone (folder 0700, file 0600) and
/// posted only by the person who uploaded it (their login is part of its name).
struct ImportPages: Sendable {
    let workbench: Workbench
    static let keptSeconds: TimeInterval = 3600
    static var folder: URL { FileManager.default.temporaryDirectory.appendingPathComponent("coopledger-web-imports") }

    func register(on router: Router<LedgerRequestContext>) {
        router.get("coops/:coop/import", use: workbench.coopPage(.importJournal, form))
        router.post("coops/:coop/import", use: workbench.coopPage(.importJournal, dryRun))
        router.post("coops/:coop/import/post", use: workbench.coopPage(.importJournal, post))
    }

    @Sendable func form(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        result(visit, ImportPage())
    }

    @Sendable func dryRun(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!.code
        guard let bytes = visit.form.files["file"], !bytes.isEmpty else {
            return result(visit, ImportPage(error: visit.label("choose_a_file")), status: .unprocessableContent)
        }
        Self.removeStale()
        let upload = WebSessions.randomToken()
        // An Excel workbook (a zip: "PK\3\4") is kept as one, and read as its first sheet.
        let isWorkbook = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
        let path = try Self.path(coop: coop, uploader: visit.login, upload: upload, workbook: isWorkbook)
        try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        var options = ImportOptions()
        options.dryRun = true
        do {
            let summary = try await ledger.importJournal(path: path, format: .csv, into: coop, options: options)
            return result(visit, ImportPage(checked: true, upload: upload, posted: summary.posted, skipped: summary.skipped, lines: summary.linesRead))
        } catch let refused as ImportRefused {
            try? FileManager.default.removeItem(atPath: path)
            return refusedPage(visit, refused)
        }
    }

    @Sendable func post(_ visit: WebVisit, _ ledger: Ledger) async throws -> Response {
        let coop = visit.coop!.code
        let upload = visit.form["upload"] ?? ""
        let workbook = try Self.path(coop: coop, uploader: visit.login, upload: upload, workbook: true)
        let path =
            FileManager.default.fileExists(atPath: workbook) ? workbook : try Self.path(coop: coop, uploader: visit.login, upload: upload, workbook: false)
        guard FileManager.default.fileExists(atPath: path) else {
            return result(visit, ImportPage(error: visit.label("upload_gone")), status: .gone)
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let summary = try await ledger.importJournal(path: path, format: .csv, into: coop, options: ImportOptions())
            return result(
                visit,
                ImportPage(
                    done: true, posted: summary.posted, skipped: summary.skipped, lines: summary.linesRead,
                    vouchers: summary.vouchers.map(\.description).joined(separator: ", ")))
        } catch let refused as ImportRefused {
            // The books changed since the dry run: said the same way, nothing written.
            return refusedPage(visit, refused)
        }
    }

    /// Every error, by line, in a table; nothing was written.
    private func refusedPage(_ visit: WebVisit, _ refused: ImportRefused) -> Response {
        result(
            visit,
            ImportPage(
                error: "\(refused.errors.count) " + visit.label("errors_nothing_written"), hasErrors: true,
                errors: refused.errors.map { .init(line: $0.cell ?? String($0.line), field: $0.field, message: $0.message) }),
            status: .unprocessableContent)
    }

    private func result(_ visit: WebVisit, _ page: ImportPage, status: HTTPResponse.Status = .ok) -> Response {
        var page = page
        page.base = "/coops/\(visit.coop!.code)/import"
        return workbench.renderer.page(.import, title: visit.label("import"), page, for: visit, status: status)
    }

    /// The waiting file of an upload: the cooperative's and its uploader's, under the token
    /// (hex only). Another person's token names no file of theirs: "no such upload".
    static func path(coop: CoopCode, uploader: Login?, upload: String, workbook: Bool) throws -> String {
        guard let uploader, upload.utf8.count == 64, upload.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw Problem.notFound("no such upload")
        }
        return folder.appendingPathComponent("\(coop)-\(uploader)-\(upload).\(workbook ? "xlsx" : "csv")").path
    }

    /// Uploads never posted are removed after `keptSeconds`.
    static func removeStale() {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        for file in files {
            let modified = (try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
            if Date().timeIntervalSince(modified) > keptSeconds { try? FileManager.default.removeItem(at: file) }
        }
    }
}

/// The import page: the form, a dry run's result (checked, with its upload), the posting's
/// (done), or the refusals, by line.
struct ImportPage {
    struct Refusal {
        let line: String
        let field: String
        let message: String
    }
    var base = ""
    var error: String?
    var hasErrors = false
    var errors: [Refusal] = []
    var checked = false
    var done = false
    var upload: String?
    var posted: Int64?
    var skipped: Int64?
    var lines: Int?
    var vouchers: String?
}
