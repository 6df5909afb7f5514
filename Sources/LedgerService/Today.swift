import Foundation
import LedgerCore

/// Today in the machine's time zone, as a ledger day: the default year of commands and routes.
public enum Today {
    public static func day() throws -> Day {
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return try Day(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    public static var year: Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }
}
