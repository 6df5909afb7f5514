import LedgerCore

/// A refused import: `FILE:LINE: field: message`.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let field: String
    public let message: String
    /// In a spreadsheet: the sheet's cell (`D7`), or its row (`7`) when no one column is wrong;
    /// `file` then names the workbook and its sheet (`slips.xlsx:Sheet1`).
    public var cell: String?

    public init(file: String, line: Int, field: String, message: String, cell: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.cell = cell
    }

    public init(file: String, line: Int, _ error: LedgerError) {
        self.init(file: file, line: line, field: error.field, message: [error.value, error.rule].compactMap { $0 }.joined(separator: ": "))
    }

    public var description: String {
        // Line 0: the file as a whole (another import raced it), not one of its lines.
        let place = if let cell { "\(file)!\(cell): " } else if line > 0 { "\(file):\(line): " } else { "\(file): " }
        return place + (field.isEmpty ? "" : "\(field): ") + message
    }
}
