import LedgerCore

/// A refused import: `FILE:LINE: field: message`.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let field: String
    public let message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public init(file: String, line: Int, _ error: LedgerError) {
        self.init(file: file, line: line, field: error.field, message: [error.value, error.rule].compactMap { $0 }.joined(separator: ": "))
    }

    public var description: String {
        // Line 0: the file as a whole (another import raced it), not one of its lines.
        (line > 0 ? "\(file):\(line): " : "\(file): ") + (field.isEmpty ? "" : "\(field): ") + message
    }
}
