import Foundation
import LedgerCore
import Spreadsheet

/// Statements as an Excel workbook, one sheet each: the form's code and title, 编制单位,
/// period and 单位：元 above the table; frozen headers that print on every page; A4, landscape
/// when the form is wide. Amounts are numbers (`#,##0.00`), dates are dates, words are text
/// (written as strings, never formulas, so a memo starting with `=` stays a memo).
public enum StatementWorkbook {
    /// Writes the workbook to `path`; a file left incomplete by an error is removed.
    public static func write(_ statements: [Statement], to path: String) throws {
        do {
            let workbook = try Workbook(path: path)
            for statement in statements { try add(statement, to: workbook) }
            try workbook.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// The workbook's bytes, for a download: written in a private folder, read, removed.
    public static func bytes(_ statements: [Statement]) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopledger-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("statement.xlsx").path
        try write(statements, to: path)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    public static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    private static let money = CellStyle(numberFormat: "#,##0.00", bordered: true)
    private static let whole = CellStyle(numberFormat: "#,##0", bordered: true)
    private static let date = CellStyle(numberFormat: "yyyy-mm-dd", bordered: true, alignment: .center)
    private static let header = CellStyle(bold: true, bordered: true, wrapped: true, alignment: .center)

    private static func add(_ statement: Statement, to workbook: Workbook) throws {
        let sheet = try workbook.addSheet(named: statement.title)
        let numbered = statement.rows.contains { $0.line != nil }
        // Columns: [行次], the label, then the values.
        let valuesStart = numbered ? 2 : 1
        let lastColumn = valuesStart + statement.columns.count - 2
        let isText = statement.columnKeys.map { statement.textColumnKeys.contains($0) }

        sheet.write(statement.title, row: 0, column: 0, style: CellStyle(bold: true, fontSize: 14))
        if let code = statement.formCode { sheet.write(code, row: 0, column: lastColumn, style: CellStyle(alignment: .right)) }
        sheet.write((statement.language == .zh ? "编制单位：" : "Entity: ") + statement.coopName, row: 1, column: 0)
        sheet.write(statement.period, row: 1, column: max(lastColumn / 2, 1), style: CellStyle(alignment: .center))
        sheet.write(statement.unitLabel, row: 1, column: lastColumn, style: CellStyle(alignment: .right))

        let headerRow = 3
        if numbered { sheet.write(statement.language == .zh ? "行次" : "Line", row: headerRow, column: 0, style: header) }
        for (offset, title) in statement.columns.enumerated() {
            sheet.write(title, row: headerRow, column: valuesStart - 1 + offset, style: header)
        }
        var row = headerRow + 1
        for line in statement.rows {
            let bold = line.isTotal
            if numbered {
                if let number = line.line {
                    sheet.write(units: Int64(number), row: row, column: 0, style: CellStyle(bold: bold, bordered: true, alignment: .center))
                } else {
                    sheet.blank(row: row, column: 0, style: CellStyle(bordered: true))
                }
            }
            if line.label.utf8.count == 10, let day = try? Day(parsing: line.label, field: "date") {
                // The journal's rows are labelled by their day.
                sheet.write(
                    year: day.year, month: day.month, day: day.day, row: row, column: valuesStart - 1,
                    style: CellStyle(bold: bold, numberFormat: "yyyy-mm-dd", bordered: true, alignment: .center))
            } else {
                sheet.write(line.label, row: row, column: valuesStart - 1, style: CellStyle(bold: bold, indent: line.indent, bordered: true))
            }
            for (offset, value) in line.values.enumerated() {
                write(value, isText: isText.indices.contains(offset) && isText[offset], bold: bold, to: sheet, row: row, column: valuesStart + offset)
            }
            row += 1
        }
        row += 1
        for note in statement.notes + [statement.chainLine].compactMap({ $0 }) {
            sheet.write(note, row: row, column: 0)
            row += 1
        }
        if numbered { sheet.setColumns(0, 0, width: 6) }
        sheet.setColumns(valuesStart - 1, valuesStart - 1, width: 34)
        for (offset, text) in isText.enumerated() {
            sheet.setColumns(valuesStart + offset, valuesStart + offset, width: text ? 30 : 16)
        }
        sheet.freezeRows(above: headerRow + 1)
        sheet.printOnA4(landscape: statement.columns.count + (numbered ? 1 : 0) > 6)
    }

    /// A figure as a number, a day as a date, anything else as text.
    private static func write(_ value: String, isText: Bool, bold: Bool, to sheet: Worksheet, row: Int, column: Int) {
        func styled(_ style: CellStyle) -> CellStyle { var style = style; style.bold = bold; return style }
        if value.isEmpty {
            sheet.blank(row: row, column: column, style: styled(CellStyle(bordered: true)))
        } else if !isText, let fen = fen(value) {
            sheet.write(units: fen, places: 2, row: row, column: column, style: styled(money))
        } else if !isText, let count = Int64(value), value.utf8.count <= 15 {
            sheet.write(units: count, row: row, column: column, style: styled(whole))
        } else if let day = try? Day(parsing: value, field: "date"), value.utf8.count == 10 {
            sheet.write(year: day.year, month: day.month, day: day.day, row: row, column: column, style: styled(date))
        } else {
            sheet.write(value, row: row, column: column, style: styled(CellStyle(bordered: true, wrapped: isText)))
        }
    }

    /// An amount with exactly two decimals (`-1234.56`), in fen.
    private static func fen(_ value: String) -> Int64? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].utf8.count == 2, parts[1].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            !parts[0].isEmpty, parts[0].utf8.count <= 16
        else { return nil }
        return (try? Money(parsing: value, field: "value"))?.fen
    }
}
