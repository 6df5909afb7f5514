import Foundation
import Spreadsheet

/// An `.xlsx` given where a CSV file is read (journal import, members, purchases, payroll,
/// opening): its first sheet is written as CSV to a private folder, row by row, the CSV
/// reader runs on that, and every error is put back on the sheet's cell
/// (`slips.xlsx:Sheet1!D7`). Cells keep the text Excel shows (numbers in their shortest form,
/// dates as YYYY-MM-DD); a line break inside a cell becomes a space, so one sheet row is one
/// CSV line.
enum SpreadsheetInput {
    static func isSpreadsheet(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }

    /// Runs `body` on the CSV form of `path` when it is a spreadsheet, on `path` itself otherwise.
    static func asCSV<Result>(_ path: String, _ body: (String) async throws -> Result) async throws -> Result {
        guard isSpreadsheet(path) else { return try await body(path) }
        let reader: SheetReader
        do {
            reader = try SheetReader(path: path)
        } catch {
            throw ImportRefused(errors: [ImportError(file: path, line: 0, field: "", message: error.description)])
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopledger-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvPath = folder.appendingPathComponent((path as NSString).lastPathComponent + ".csv").path
        let sheet = try write(reader, to: csvPath)
        do {
            return try await body(csvPath)
        } catch let refused as ImportRefused {
            let file = "\(path):\(reader.sheetName)"
            throw ImportRefused(
                errors: refused.errors.map { error in
                    guard error.file == csvPath else { return error }
                    guard error.line > 0, sheet.rows.indices.contains(error.line - 1) else {
                        return ImportError(file: file, line: 0, field: error.field, message: error.message)
                    }
                    let row = sheet.rows[error.line - 1]
                    let column = sheet.header.firstIndex(of: error.field).map(SheetReader.columnName) ?? ""
                    return ImportError(file: file, line: row, field: error.field, message: error.message, cell: "\(column)\(row)")
                })
        }
    }

    /// The sheet as CSV; returns the header's names and, per CSV line, its sheet row.
    private static func write(_ reader: SheetReader, to path: String) throws -> (header: [String], rows: [Int]) {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw ImportRefused(errors: [ImportError(file: path, line: 0, field: "", message: "cannot write a private copy of the sheet")])
        }
        defer { try? handle.close() }
        var header: [String]?
        var rows: [Int] = []
        var buffer = Data()
        try reader.rows { number, cells in
            var cells = cells
            if let header {
                // Cells past the header's last column are ignored, as CSV readers ignore nothing:
                // keep the width of the header.
                cells = Array(cells.prefix(header.count)) + Array(repeating: "", count: max(header.count - cells.count, 0))
            } else {
                while cells.last?.isEmpty == true { cells.removeLast() }
                header = cells
            }
            rows.append(number)
            buffer.append(contentsOf: (cells.map(field).joined(separator: ",") + "\n").utf8)
            if buffer.count > 1 << 16 {
                handle.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
        return (header ?? [], rows)
    }

    /// One CSV field: quoted when it must be; a line break becomes a space.
    private static func field(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        guard flat.contains(where: { $0 == "," || $0 == "\"" }) else { return flat }
        return "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
