import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import Testing
import TestSupport

@Suite struct JournalImportTests {
    static let header = "key,date,memo,account,member,debit,credit\n"

    func write(_ bytes: [UInt8], name: String = "journal.csv") -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func write(_ text: String, name: String = "journal.csv") -> String { write(Array(text.utf8), name: name) }

    func run(_ fixture: LedgerFixture, _ path: String, format: JournalFormat = .csv, options: ImportOptions = ImportOptions()) async throws -> ImportSummary {
        try await fixture.ledger.importJournal(path: path, format: format, into: fixture.coop, options: options)
    }

    /// The file is refused with an error at `line` whose text contains `fragment`, and nothing is written.
    func expectRefusal(
        _ fixture: LedgerFixture, _ path: String, line: Int, _ fragment: String, format: JournalFormat = .csv, options: ImportOptions = ImportOptions()
    ) async throws {
        do {
            _ = try await run(fixture, path, format: format, options: options)
            Issue.record("accepted \(path)")
        } catch let refused as ImportRefused {
            let first = try #require(refused.errors.first)
            #expect(first.line == line, "\(first)")
            #expect(first.description.contains(fragment), "\(first)")
            #expect(first.description.hasPrefix("\(path):\(line): "))
        }
        #expect(try fixture.entryCount() == 0)
    }

    @Test func balancedFileIsPostedOnceAndSkippedOnReimport() async throws {
        try await LedgerFixture.with { fixture in
            let path = write(Self.header + "a,2026-03-01,玉米,121,,10.00,\na,2026-03-01,,114,1,,10.00\nb,2026-03-02,feed,521,,5,\nb,2026-03-02,,102,,,5\n")
            let first = try await run(fixture, path)
            #expect(first.posted == 2 && first.skipped == 0 && first.linesRead == 4)
            let again = try await run(fixture, path)
            #expect(again.posted == 0 && again.skipped == 2)
            let overlapping = write(Self.header + "b,2026-03-02,feed,521,,5,\nb,2026-03-02,,102,,,5\nc,2026-03-03,x,521,,1,\nc,2026-03-03,,102,,,1\n")
            let third = try await run(fixture, overlapping)
            #expect(third.posted == 1 && third.skipped == 1)
            #expect(try fixture.entryCount() == 3)
        }
    }

    @Test func byteOrderMarkCRLFAndAChineseMemoWithCommasAndQuotesRoundTrip() async throws {
        try await LedgerFixture.with { fixture in
            let memo = "玉米,\"一等\", 白银区"
            let text = "key,date,memo,account,member,debit,credit\r\nm,2026-03-01,\"玉米,\"\"一等\"\", 白银区\",121,,1.00,\r\nm,2026-03-01,,114,2,,1.00\r\n"
            let summary = try await run(fixture, write([0xEF, 0xBB, 0xBF] + Array(text.utf8)))
            #expect(summary.posted == 1)
            let stored = try fixture.database.connect().query("SELECT memo FROM journal_entries").singleRow().decode(String.self, at: 0)
            #expect(stored == memo)
        }
    }

    @Test func aKeyWhoseRowsAreSplitByAnotherKeyIsRefusedWhereItComesBack() async throws {
        try await LedgerFixture.with { fixture in
            // Key k would balance only with the file's last line: its rows are not contiguous.
            let path = write(Self.header + "k,2026-03-01,split,121,,7.00,\nz,2026-03-01,other,521,,1,\nz,2026-03-01,,102,,,1\nk,2026-03-01,,114,3,,7.00\n")
            try await expectRefusal(fixture, path, line: 5, "began at line 2")
        }
    }

    @Test func emptyFileOrHeaderOnlyPostsNothingAndSaysSo() async throws {
        try await LedgerFixture.with { fixture in
            let empty = try await run(fixture, write(""))
            #expect(empty.isEmpty && empty.posted == 0)
            #expect(ImportRendering.summary(empty, as: .text).contains("nothing posted"))
            #expect(try await run(fixture, write(Self.header)).isEmpty)
        }
    }

    @Test(arguments: [("1e3", "debit"), ("12.345", "debit"), ("-0.001", "debit"), ("99999999999999999999", "debit"), ("-5", "debit")])
    func badAmountsAreRefusedAtTheirLine(amount: String, field: String) async throws {
        try await LedgerFixture.with { fixture in
            let path = write(Self.header + "a,2026-03-01,x,121,,\(amount),\na,2026-03-01,,114,1,,5\n")
            try await expectRefusal(fixture, path, line: 2, "\(field): \(amount)")
        }
    }

    @Test func malformedFilesAreRefusedAtTheirLine() async throws {
        try await LedgerFixture.with { fixture in
            try await expectRefusal(fixture, write(Self.header + "a,2026-03-01,x,121,,5,\na,2026-02-30,,114,1,,5\n"), line: 3, "date: 2026-02-30")
            try await expectRefusal(
                fixture, write(Self.header + "a,2026-03-01,\"never closed,121,,5,\na,2026-03-01,,114,1,,5\n"), line: 2, "unterminated quote")
            try await expectRefusal(fixture, write(Self.header + "a,2026-03-01,x,121,,5\n"), line: 2, "6 fields where the header has 7")
            try await expectRefusal(fixture, write("key,date,memo,account,member,debit,credit,extra\n"), line: 1, "extra: unknown column")
            try await expectRefusal(fixture, write("key,date,memo,account,member,debit\n"), line: 1, "credit: required column missing")
            try await expectRefusal(fixture, write(Array((Self.header + "a,2026-03-01,x").utf8) + [0] + Array(",121,,5,\n".utf8)), line: 2, "NUL")
        }
    }

    @Test func bookRulesAreCheckedSetBasedAndReportedByLine() async throws {
        try await LedgerFixture.with { fixture in
            try await expectRefusal(fixture, write(Self.header + "a,2026-03-01,x,121,,5,\na,2026-03-01,,114,1,,4\n"), line: 3, "debits 5.00, credits 4.00")
            try await expectRefusal(fixture, write(Self.header + "a,2026-03-01,x,999,,5,\na,2026-03-01,,114,1,,5\n"), line: 2, "account: 999")
            try await expectRefusal(fixture, write(Self.header + "a,2026-03-01,x,121,,5,\na,2026-03-01,,114,42,,5\n"), line: 3, "member: 42")
            try await expectRefusal(fixture, write(Self.header + "a,2026-03-01,x,121,,5,\na,2026-03-01,,114,,,5\n"), line: 3, "kept per member")
            try await expectRefusal(fixture, write(Self.header + "a,2026-03-01,x,121,,5,\n"), line: 2, "at least two lines")
        }
    }

    @Test func keyReusedWithOtherContentIsAConflictAtItsLine() async throws {
        try await LedgerFixture.with { fixture in
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "a", member: 1, fen: 500), to: fixture.coop)
            let path = write(Self.header + "ok,2026-03-01,x,121,,1,\nok,2026-03-01,,114,1,,1\na,2026-03-01,x,102,,9,\na,2026-03-01,,301,1,,9\n")
            do {
                _ = try await run(fixture, path)
                Issue.record("conflict accepted")
            } catch let refused as ImportRefused {
                #expect(refused.errors.map(\.line) == [4])
                #expect(refused.errors[0].message.contains("already used by entry"))
            }
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test func closedYearIsRefusedButAFileAlreadyPostedIsStillSkipped() async throws {
        try await LedgerFixture.with { fixture in
            let posted = write(Self.header + "p,2025-03-01,x,121,,5,\np,2025-03-01,,114,1,,5\n")
            _ = try await run(fixture, posted)
            _ = try await fixture.ledger.closeYear(2025, of: fixture.coop)
            #expect(try await run(fixture, posted).skipped == 1)
            _ = try await fixture.ledger.post(try LedgerFixture.capital(key: "keep", member: 1, fen: 1, date: "2026-01-01"), to: fixture.coop)
            let new = write(Self.header + "a,2025-03-01,x,121,,5,\na,2025-03-01,,114,1,,5\n")
            do {
                _ = try await run(fixture, new)
                Issue.record("posted into a closed year")
            } catch let refused as ImportRefused {
                #expect(refused.errors[0].description.contains("2025 is closed"))
            }
            #expect(try fixture.entryCount() == 2)
        }
    }

    @Test func lineLimitAndErrorLimitAreEnforced() async throws {
        try await LedgerFixture.with { fixture in
            var options = ImportOptions()
            options.maxLines = 4
            let rows = (1...3).map { "k\($0),2026-03-01,x,121,,1,\nk\($0),2026-03-01,,114,1,,1\n" }.joined()
            try await expectRefusal(fixture, write(Self.header + rows), line: 5, "more than 4 lines", options: options)

            var few = ImportOptions()
            few.maxErrors = 2
            let bad = (1...5).map { "k\($0),2026-02-30,x,121,,1,\n" }.joined()
            do {
                _ = try await run(fixture, write(Self.header + bad), options: few)
                Issue.record("accepted")
            } catch let refused as ImportRefused {
                #expect(refused.errors.count == 2)
            }
        }
    }

    @Test func dryRunChecksEverythingAndWritesNothing() async throws {
        try await LedgerFixture.with { fixture in
            var options = ImportOptions()
            options.dryRun = true
            let summary = try await run(fixture, write(Self.header + "a,2026-03-01,x,121,,5,\na,2026-03-01,,114,1,,5\n"), options: options)
            #expect(summary.isDryRun && summary.posted == 1)
            #expect(try fixture.entryCount() == 0)
            // It was posted for real (every database rule fired), then rolled back: no voucher
            // number is used up (an entry id may be: ids are not gapless, voucher numbers are).
            let real = try await run(fixture, write(Self.header + "a,2026-03-01,x,121,,5,\na,2026-03-01,,114,1,,5\n"))
            #expect(real.vouchers.first?.first.description == "记-2026-03-0001")
        }
    }

    @Test func jsonLinesAreImportedAndMoneyAsANumberOrUnknownFieldsRefused() async throws {
        try await LedgerFixture.with { fixture in
            let good =
                #"{"key":"j1","date":"2026-04-01","memo":"玉米, \"一等\"","lines":[{"account":"121","member":null,"debit":"10.00"},{"account":"114","member":2,"credit":"10.00"}]}"#
                + "\n"
            #expect(try await run(fixture, write(good, name: "j.jsonl"), format: .jsonl).posted == 1)
            #expect(try await run(fixture, write(good, name: "j.jsonl"), format: .jsonl).skipped == 1)
            let number = #"{"key":"j2","date":"2026-04-01","lines":[{"account":"121","debit":10},{"account":"114","member":2,"credit":"10.00"}]}"# + "\n"
            let unknown = #"{"key":"j3","date":"2026-04-01","lines":[],"approved":true}"# + "\n"
            let empty = #"{"key":"j4","date":"2026-04-01","lines":[]}"# + "\n"
            for (text, fragment) in [
                (number, "never as a JSON number"), (unknown, "approved: unknown field"), ("{not json\n", "not valid JSON"), (empty, "at least two lines"),
            ] {
                do {
                    _ = try await run(fixture, write(good + text, name: "j.jsonl"), format: .jsonl)
                    Issue.record("accepted \(text)")
                } catch let refused as ImportRefused {
                    #expect(refused.errors[0].line == 2)
                    #expect(refused.errors[0].description.contains(fragment), "\(refused.errors[0])")
                }
            }
            #expect(try fixture.entryCount() == 1)
        }
    }
}
