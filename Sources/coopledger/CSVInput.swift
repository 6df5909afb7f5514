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

/// Today in the machine's time zone, as a ledger day.
enum Today {
    static func day() throws -> Day {
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return try Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }
}
