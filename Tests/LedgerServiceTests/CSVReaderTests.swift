import Foundation
import LedgerRendering
import LedgerService
import Testing

@Suite struct CSVReaderTests {
    func records(_ text: [UInt8]) throws(CSVFormatError) -> [CSVRecord] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(text))
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = CSVReader(handle: FileHandle(forReadingAtPath: url.path)!)
        var all: [CSVRecord] = []
        while let record = try reader.next() { all.append(record) }
        return all
    }

    func records(_ text: String) throws(CSVFormatError) -> [CSVRecord] { try records(Array(text.utf8)) }

    @Test func readsQuotedFieldsWithCommasQuotesAndNewlinesAndCountsPhysicalLines() throws {
        let all = try records("a,b\r\n\"玉米, \"\"优质\"\"\",\"two\nlines\"\r\nx,y\n")
        #expect(all.map(\.fields) == [["a", "b"], ["玉米, \"优质\"", "two\nlines"], ["x", "y"]])
        #expect(all.map(\.line) == [1, 2, 4])
    }

    @Test func byteOrderMarkIsSkippedAndBlankLinesIgnored() throws {
        let all = try records([0xEF, 0xBB, 0xBF] + Array("number,name\n\n7,李\n".utf8))
        #expect(all.first?.fields == ["number", "name"])
        #expect(all.last?.line == 3)
    }

    @Test func unterminatedQuoteIsRefusedAtTheLineItOpens() {
        do throws(CSVFormatError) {
            _ = try records("a,b\n1,\"never closed\n2,3\n")
            Issue.record("accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("unterminated"))
        }
    }

    @Test func strayQuotesNulBytesAndBadUTF8AreRefused() {
        #expect(throws: CSVFormatError.self) { try records("a,b\n1,x\"y\n") }
        #expect(throws: CSVFormatError.self) { try records("a,b\n1,\"x\"y\n") }
        #expect(throws: CSVFormatError.self) { try records(Array("a,b\n1,".utf8) + [0] + Array("\n".utf8)) }
        #expect(throws: CSVFormatError.self) { try records(Array("a,b\n1,".utf8) + [0xFF, 0xFE] + Array("\n".utf8)) }
    }
}
