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
        "\(file):\(line): " + (field.isEmpty ? "" : "\(field): ") + message
    }
}
