import Foundation
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerHTTP
import LedgerService
import Testing
import TestSupport

/// The workbench's pages as routes: signing in, sessions, CSRF, roles and cooperatives
/// (the browser flows are in scripts/workbench.sh).
@Suite struct WorkbenchRoutesTests {
    static let password = "correct horse"

    /// A signed-in browser: its cookie header and the session's CSRF token.
    struct Browser {
        var cookie = ""
        var csrf = ""
        var headers: HTTPFields {
            [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
        }
    }

    static func cookie(_ name: String, in response: RoutedResponse) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix("\(name)=") }.map { String($0.prefix { $0 != ";" }) }
    }

    static func csrf(in response: RoutedResponse) -> String {
        let page = String(buffer: response.body)
        guard let range = page.range(of: #"name="csrf" value=""#) else { return "" }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&"))
    }

    /// Signs `login` in through the form; the status of the POST, and the browser after.
    static func signIn(_ client: RouterClient, _ login: String, password: String = password) async throws -> (HTTPResponse.Status, Browser) {
        var formCookie = "", token = ""
        try await client.execute(uri: "/sign-in", method: .get) { response in
            #expect(response.status == .ok)
            formCookie = cookie("coopledger_sign_in", in: response) ?? ""
            token = csrf(in: response)
        }
        var browser = Browser()
        var status = HTTPResponse.Status.ok
        try await client.execute(
            uri: "/sign-in", method: .post, headers: [.cookie: formCookie, .contentType: "application/x-www-form-urlencoded"],
            body: form([("csrf", token), ("login", login), ("password", password), ("back", "/coops")])
        ) { response in
            status = response.status
            browser.cookie = cookie("coopledger_session", in: response) ?? ""
            if let setCookie = response.headers[values: .setCookie].first(where: { $0.hasPrefix("coopledger_session=") }) {
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            }
        }
        if status == .seeOther {
            try await client.execute(uri: "/coops/http-coop/vouchers", method: .get, headers: browser.headers) { response in
                browser.csrf = csrf(in: response)
            }
        }
        return (status, browser)
    }

    static func withPeople(_ body: @Sendable (EntriesRouteTests.Fixture, RouterClient) async throws -> Void) async throws {
        try await EntriesRouteTests.with { fixture, client in
            let password = try Password(Self.password)
            _ = try await fixture.ledger.addPerson(
                try Person(login: Login(parsing: "wang"), name: "王会计"), password: password, role: .preparer, in: fixture.coop)
            _ = try await fixture.ledger.addPerson(try Person(login: Login(parsing: "zhao"), name: "赵审计"), password: password, role: .auditor, in: fixture.coop)
            try await body(fixture, client)
        }
    }

    @Test func pagesNeedSigningInAndCookiesArePrivate() async throws {
        try await Self.withPeople { fixture, client in
            try await client.execute(uri: "/coops/http-coop/vouchers", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/sign-in?back=%2Fcoops%2Fhttp%2Dcoop%2Fvouchers")
            }
            let (status, browser) = try await Self.signIn(client, "wang")
            #expect(status == .seeOther)
            try await client.execute(uri: "/coops/http-coop", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("接口测试社"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            }
            // Another cooperative is not there; signing out ends the session.
            try await client.execute(uri: "/coops/other-coop", method: .get, headers: browser.headers) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/sign-out", method: .post, headers: browser.headers, body: Self.form([("csrf", browser.csrf)])) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/coops/http-coop", method: .get, headers: browser.headers) { response in
                #expect(response.status == .seeOther)
            }
        }
    }

    @Test func formsWithoutTheSessionsTokenAreRefusedAndWriteNothing() async throws {
        try await Self.withPeople { fixture, client in
            let (_, browser) = try await Self.signIn(client, "wang")
            let lines: [(String, String)] = [
                ("date", "2026-03-05"), ("memo", "饲料"), ("account", "121"), ("debit", "150.00"), ("credit", ""),
                ("account", "102"), ("debit", ""), ("credit", "120.00"), ("intent", "save"),
            ]
            // No token, and the session's token with its first digit changed.
            let altered = (browser.csrf.hasPrefix("0") ? "1" : "0") + browser.csrf.dropFirst()
            for token in ["", altered] {
                try await client.execute(
                    uri: "/coops/http-coop/vouchers", method: .post, headers: browser.headers,
                    body: Self.form([("csrf", token)] + lines)
                ) { response in
                    #expect(response.status == .forbidden)
                }
            }
            // With the token: an unbalanced voucher is refused beside its lines, nothing saved.
            try await client.execute(
                uri: "/coops/http-coop/vouchers", method: .post, headers: browser.headers,
                body: Self.form([("csrf", browser.csrf)] + lines)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("借贷不平衡，差额 30.00"))
            }
            #expect(try await fixture.ledger.vouchers(of: fixture.coop, includingPosted: true).isEmpty)
            let balanced = lines.map { $0 == ("credit", "120.00") ? ("credit", "150.00") : $0 }
            try await client.execute(
                uri: "/coops/http-coop/vouchers", method: .post, headers: browser.headers,
                body: Self.form([("csrf", browser.csrf)] + balanced)
            ) { response in
                #expect(response.status == .seeOther)
            }
            let drafts = try await fixture.ledger.vouchers(of: fixture.coop, includingPosted: true)
            #expect(drafts.count == 1 && drafts.first?.preparedBy.rawValue == "wang")
        }
    }

    /// The workbench takes the command line's and the opening file's words (one vocabulary):
    /// capital from `poverty-alleviation`; a word it does not know is refused beside the form,
    /// never taken for `other`; a member's fields are the API's (`joined`, `poor_household`).
    @Test func theWorkbenchSpeaksTheOtherDoorsWordsAndRefusesUnknownOnes() async throws {
        try await Self.withPeople { fixture, client in
            _ = try await fixture.ledger.addPerson(
                try Person(login: Login(parsing: "ma"), name: "马社长"), password: try Password(Self.password), role: .admin, in: fixture.coop)
            let (_, browser) = try await Self.signIn(client, "ma")
            func capital(_ source: String, key: String) -> ByteBuffer {
                Self.form([
                    ("csrf", browser.csrf), ("key", key), ("date", "2026-03-05"), ("member", "7"), ("amount", "800.00"), ("source", source),
                ])
            }
            for unknown in ["poverty_alleviation_assets", "government"] {
                try await client.execute(
                    uri: "/coops/http-coop/operations/capital", method: .post, headers: browser.headers, body: capital(unknown, key: "web-" + unknown)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(String(buffer: response.body).contains("poverty-alleviation"))
                }
            }
            try await client.execute(
                uri: "/coops/http-coop/operations/capital", method: .post, headers: browser.headers, body: capital("poverty-alleviation", key: "web-cap")
            ) { response in
                #expect(response.status == .seeOther)
            }
            // Booked as capital from poverty-alleviation assets, not as `other`.
            let account = try await fixture.ledger.memberAccount(MemberNumber(7), year: 2026, in: fixture.coop)
            #expect(account.closing.capitalFromPovertyAlleviationAssets == Money(fen: 80_000))
            try await client.execute(
                uri: "/coops/http-coop/members", method: .post, headers: browser.headers,
                body: Self.form([
                    ("csrf", browser.csrf), ("number", "8"), ("name", "李四"), ("joined", "2026-02-01"), ("poor_household", "true"),
                ])
            ) { response in
                #expect(response.status == .seeOther)
            }
            let added = try await fixture.ledger.members(of: fixture.coop).first { $0.number == MemberNumber(8) }
            #expect(added?.isPoorHousehold == true && added?.joinedOn?.description == "2026-02-01")
        }
    }

    @Test func anAuditorReadsButGetsNoFormAndNoWrite() async throws {
        try await Self.withPeople { fixture, client in
            let (_, browser) = try await Self.signIn(client, "zhao")
            try await client.execute(uri: "/coops/http-coop/vouchers", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("/vouchers/new"))
            }
            try await client.execute(uri: "/coops/http-coop/vouchers/new", method: .get, headers: browser.headers) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/coops/http-coop/members", method: .post, headers: browser.headers,
                body: Self.form([("csrf", browser.csrf), ("number", "8"), ("name", "李四")])
            ) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await fixture.ledger.members(of: fixture.coop).count == 1)
        }
    }

    /// Issue 24, case 7: the journal page of a 150,000-entry year was 76 MB of HTML. Every
    /// door of the server pages it: a page holds `Limits.journalEntriesPerPage` entries. A year
    /// of 25,000 entries shows it (25 pages; 121's ledger past `ledgerPostingsPerRequestMax`)
    /// at a sixth of the 150,000's import.
    @Test func aLargeYearsJournalIsPaged() async throws {
        try await Self.withPeople { fixture, client in
            var text = "key,date,memo,account,member,debit,credit\n"
            for i in 1...25_000 { text += "k\(i),2026-03-01,slip \(i),121,,1.00,\nk\(i),2026-03-01,,114,7,,1.00\n" }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("paged-\(UUID().uuidString).csv").path
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            _ = try await fixture.ledger.importJournal(path: path, format: .csv, into: fixture.coop, options: ImportOptions())
            let (_, browser) = try await Self.signIn(client, "zhao")
            /// A page of 1,000 two-line entries is about 0.5 MB; the whole year was 76 MB.
            let pageBytesMax = 2 << 20
            try await client.execute(uri: "/coops/http-coop/books/journal?year=2026&page=2", method: .get, headers: browser.headers) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(response.body.readableBytes < pageBytesMax)
                #expect(page.contains("第 2/25 页"))
                #expect(page.contains("slip 1001<") && page.contains("slip 2000<") && !page.contains("slip 2001<") && !page.contains("slip 1000<"))
                #expect(page.contains("page=1\"") && page.contains("page=3\""))
            }
            // One account's ledger is bounded: 25,000 postings of 121 are refused, saying what to ask for.
            try await client.execute(
                uri: "/v1/coops/http-coop/reports/ledger?year=2026&account=121", method: .get,
                headers: [.authorization: "Bearer \(fixture.tokens[.auditor]!)"]
            ) { response in
                #expect(response.status == .unprocessableContent && String(buffer: response.body).contains("25000 postings"))
            }
            // A statement that is not paged links to no other page.
            try await client.execute(uri: "/coops/http-coop/books/balance-sheet?year=2026", method: .get, headers: browser.headers) { response in
                #expect(!String(buffer: response.body).contains("next-page"))
            }
            try await client.execute(
                uri: "/v1/coops/http-coop/reports/journal?year=2026&page=25", method: .get,
                headers: [.authorization: "Bearer \(fixture.tokens[.auditor]!)"]
            ) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains(#""page":25,"pages":25"#) && response.body.readableBytes < pageBytesMax)
            }
            try await client.execute(
                uri: "/v1/coops/http-coop/reports/journal?year=2026&page=26", method: .get,
                headers: [.authorization: "Bearer \(fixture.tokens[.auditor]!)"]
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }

    @Test func repeatedWrongPasswordsLockTheLogin() async throws {
        try await Self.withPeople { _, client in
            for _ in 0..<5 {
                let (wrong, _) = try await Self.signIn(client, "wang", password: "wrong password")
                #expect(wrong == .unauthorized)
            }
            let (locked, _) = try await Self.signIn(client, "wang")
            #expect(locked == .tooManyRequests)
            // An unknown login reads the same as a wrong password.
            let (unknown, _) = try await Self.signIn(client, "nobody")
            #expect(unknown == .unauthorized)
        }
    }

    /// The approval round trip on the pages: sent back with a reason, seen by the preparer
    /// among those sent back, edited, and back in the queue as a draft.
    @Test func aVoucherSentBackIsEditedAndWaitsAgain() async throws {
        try await Self.withPeople { fixture, client in
            _ = try await fixture.ledger.addPerson(
                try Person(login: Login(parsing: "li"), name: "李主管"), password: try Password(Self.password),
                role: .approver, in: fixture.coop)
            let (_, preparer) = try await Self.signIn(client, "wang")
            let lines: [(String, String)] = [
                ("date", "2026-03-05"), ("memo", "饲料"), ("account", "121"), ("debit", "150.00"), ("credit", ""),
                ("account", "102"), ("debit", ""), ("credit", "150.00"), ("intent", "save"),
            ]
            var draftPath = ""
            try await client.execute(
                uri: "/coops/http-coop/vouchers", method: .post, headers: preparer.headers,
                body: Self.form([("csrf", preparer.csrf)] + lines)
            ) { response in
                #expect(response.status == .seeOther)
                draftPath = String((response.headers[.location] ?? "").prefix { $0 != "?" })
            }
            let (_, approver) = try await Self.signIn(client, "li")
            try await client.execute(
                uri: "\(draftPath)/send-back", method: .post, headers: approver.headers,
                body: Self.form([("csrf", approver.csrf), ("reason", "附件不全")])
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/coops/http-coop/vouchers", method: .get, headers: preparer.headers) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("id=\"returned\"") && page.contains("已退回"))
            }
            try await client.execute(uri: draftPath, method: .get, headers: preparer.headers) { response in
                #expect(String(buffer: response.body).contains("附件不全"))
            }
            let edited = lines.map { $0 == ("memo", "饲料") ? ("memo", "饲料（补附件）") : $0 }
            try await client.execute(
                uri: draftPath, method: .post, headers: preparer.headers,
                body: Self.form([("csrf", preparer.csrf)] + edited)
            ) { response in
                #expect(response.status == .seeOther)
            }
            let draft = try #require(try await fixture.ledger.vouchers(of: fixture.coop, includingPosted: false).first)
            #expect(draft.status == .draft && draft.content.memo == "饲料（补附件）" && draft.returnedReason == nil)
        }
    }

    /// Issue 24: an upload waits readable by the service alone, and only its uploader posts it.
    @Test func anUploadIsPrivateToItsUploader() async throws {
        try await Self.withPeople { fixture, client in
            _ = try await fixture.ledger.addPerson(
                try Person(login: Login(parsing: "li"), name: "李主管"), password: try Password(Self.password),
                role: .approver, in: fixture.coop)
            let (_, wang) = try await Self.signIn(client, "wang")
            let boundary = "b0undary"
            let csv = "key,date,memo,account,member,debit,credit\nu1,2026-03-05,现金,102,,5.00,\nu1,2026-03-05,现金,101,,,5.00\n"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(wang.csrf)\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
            var upload = ""
            try await client.execute(
                uri: "/coops/http-coop/import", method: .post,
                headers: [.cookie: wang.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                if let range = page.range(of: #"name="upload" value=""#) { upload = String(page[range.upperBound...].prefix { $0 != "\"" }) }
            }
            #expect(upload.count == 64)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopledger-web-imports")
            let waiting = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.contains(upload) })
            #expect(waiting.contains("-wang-"))
            let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(waiting).path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let before = try fixture.database.connect().query("SELECT count(*) FROM journal_entries").singleRow().decode(Int64.self, at: 0)
            let (_, li) = try await Self.signIn(client, "li")
            try await client.execute(
                uri: "/coops/http-coop/import/post", method: .post, headers: li.headers,
                body: Self.form([("csrf", li.csrf), ("upload", upload)])
            ) { response in
                #expect(response.status == .gone)
            }
            #expect(try fixture.database.connect().query("SELECT count(*) FROM journal_entries").singleRow().decode(Int64.self, at: 0) == before)
            try await client.execute(
                uri: "/coops/http-coop/import/post", method: .post, headers: wang.headers,
                body: Self.form([("csrf", wang.csrf), ("upload", upload)])
            ) { response in
                #expect(response.status == .ok)
            }
            #expect(try fixture.database.connect().query("SELECT count(*) FROM journal_entries").singleRow().decode(Int64.self, at: 0) == before + 1)
        }
    }
}
