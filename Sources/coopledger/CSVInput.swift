import Foundation
import LedgerCore
import LedgerService

/// Opens an import file; `-` is standard input.
enum CSVInput {
    static func open(_ path: String) throws -> CSVReader {
        if path == "-" { return CSVReader(handle: .standardInput) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LedgerError(.invalidValue, field: "file", value: path, rule: "cannot open this file")
        }
        return CSVReader(handle: handle)
    }
}

enum CurrentYear {
    static var value: Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }
}
