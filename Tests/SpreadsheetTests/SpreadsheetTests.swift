import Foundation
@testable import Spreadsheet
import Testing

/// Excel files written and read back without a ledger: what a cell holds is what comes back,
/// as Excel shows it.
@Suite struct SpreadsheetTests {
    @Test func excelsDaySerialsAreCalendarDays() {
        #expect(SheetReader.day(fromSerial: 1) == "1900-01-01")
        #expect(SheetReader.day(fromSerial: 59) == "1900-02-28")
        #expect(SheetReader.day(fromSerial: 61) == "1900-03-01")
        #expect(SheetReader.day(fromSerial: 45_292) == "2024-01-01")
        #expect(SheetReader.day(fromSerial: 46_082) == "2026-03-01")
        #expect(SheetReader.day(fromSerial: 0) == nil)
    }

    @Test func numbersReadAsTyped() {
        #expect(SheetReader.asTyped("1234.5599999999999") == "1234.56")
        #expect(SheetReader.asTyped("1500") == "1500")
        #expect(SheetReader.asTyped("2.2999999999999998") == "2.3")
        #expect(SheetReader.asTyped("-0.30000000000000004") == "-0.3")
        #expect(SheetReader.asTyped("99999.999999999999") == "100000")
        #expect(SheetReader.asTyped("1E+20") == "1E+20")
    }

    @Test func amountsAreWrittenInIntegersUntilTheFilesEdge() {
        #expect(Worksheet.decimalText(-5, places: 2) == "-0.05" && Worksheet.decimalText(123_450, places: 2) == "1234.50")
        #expect(Worksheet.decimalText(7, places: 0) == "7" && Worksheet.decimalText(Int64.min, places: 2) == "-92233720368547758.08")
        #expect(Worksheet.excelNumber(123_456, places: 2) == 1234.56)
        #expect(Worksheet.excelNumber(1_000_000_000_000_000, places: 2) == nil, "past 15 digits no double holds it")
    }

    /// The one floating-point step on a money path is the cell a number is written to: every
    /// amount within Excel's 15 digits comes back, through the text libxlsxwriter writes
    /// (`%.16G`) and the reader's rounding to 15 digits, as the same decimal, to the fen.
    @Test func everyAmountWithinFifteenDigitsComesBackToTheFen() throws {
        func trimmed(_ text: String) -> String {
            guard text.contains(".") else { return text }
            var text = Substring(text)
            while text.hasSuffix("0") { text = text.dropLast() }
            if text.hasSuffix(".") { text = text.dropLast() }
            return String(text)
        }
        var amounts: [Int64] = [0, 1, -1, 5, 10, 30, 123_456, 999_999_999_999_999, -999_999_999_999_999, 999_999_999_999_990, 100_000_000_000_001]
        var state: UInt64 = 2026
        for _ in 0..<20_000 { // a fixed sweep over every magnitude
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let digits = Int(state >> 60) + 1 // 1…16, the last past the bound
            var modulus: UInt64 = 1
            for _ in 0..<min(digits, 15) { modulus *= 10 }
            let magnitude = Int64((state >> 4) % modulus)
            amounts.append(state & 1 == 0 ? magnitude : -magnitude)
        }
        for fen in amounts {
            let number = try #require(Worksheet.excelNumber(fen, places: 2), "\(fen)")
            let written = String(format: "%.16G", number)
            #expect(SheetReader.asTyped(written) == trimmed(Worksheet.decimalText(fen, places: 2)), "\(fen) written as \(written)")
        }
    }

    @Test func columnsAreNamedAsExcelNamesThem() {
        #expect(SheetReader.columnName(0) == "A" && SheetReader.columnName(25) == "Z" && SheetReader.columnName(26) == "AA")
        #expect(SheetReader.columnIndex("AB12") == 27 && SheetReader.columnIndex("7") == nil)
    }

    /// A workbook this module writes reads back cell for cell: text (never a formula), numbers,
    /// dates, and a second sheet's name made unique.
    @Test func whatIsWrittenReadsBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let workbook = try Workbook(path: path)
        let sheet = try workbook.addSheet(named: "凭证[1]")
        sheet.write("摘要", row: 0, column: 0)
        sheet.write("=1+2", row: 0, column: 1)
        sheet.write(units: 123_456, places: 2, row: 1, column: 0, style: CellStyle(numberFormat: "#,##0.00"))
        sheet.write(year: 2026, month: 3, day: 1, row: 1, column: 1, style: CellStyle(numberFormat: "yyyy-mm-dd"))
        // Excel's 15 digits are a number read back exactly; one digit more is the exact text.
        sheet.write(units: -999_999_999_999_999, places: 2, row: 2, column: 0, style: CellStyle(numberFormat: "#,##0.00"))
        sheet.write(units: 1_000_000_000_000_005, places: 2, row: 2, column: 1, style: CellStyle(numberFormat: "#,##0.00"))
        _ = try workbook.addSheet(named: "凭证[1]")
        try workbook.close()

        let reader = try SheetReader(path: path)
        #expect(reader.sheetName == "凭证1")
        var rows: [[String]] = []
        try reader.rows { _, cells in rows.append(cells) }
        #expect(rows == [["摘要", "=1+2"], ["1234.56", "2026-03-01"], ["-9999999999999.99", "10000000000000.05"]])
    }

    @Test func aFileThatIsNoWorkbookIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("key,date\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SpreadsheetError.self) { _ = try SheetReader(path: path) }
    }
}
