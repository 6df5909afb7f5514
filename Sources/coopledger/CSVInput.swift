import Foundation
import LedgerCore
import LedgerService

/// Import files as the commands see them.
enum CSVInput {
    /// The size of a regular file, for the progress line's percentage; nil for stdin.
    static func size(of path: String) -> Int64? {
        guard path != "-" else { return nil }
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
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
