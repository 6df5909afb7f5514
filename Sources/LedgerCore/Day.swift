/// A calendar day (no time, no time zone): the date an entry is booked on.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Refuses days that do not exist, such as 2026-02-30.
    public init(year: Int, month: Int, day: Int) throws(LedgerError) {
        let text = Self.format(year, month, day)
        guard (1...9999).contains(year), (1...12).contains(month) else {
            throw LedgerError(.invalidDate, field: "date", value: text, rule: "no such day")
        }
        guard (1...Self.daysInMonth(year: year, month: month)).contains(day) else {
            throw LedgerError(.invalidDate, field: "date", value: text, rule: "no such day")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init(parsing text: String, field: String) throws(LedgerError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let lengths = parts.map(\.utf8.count)
        guard lengths == [4, 2, 2], parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw LedgerError(.invalidDate, field: field, value: text, rule: "a date is written YYYY-MM-DD")
        }
        do {
            try self.init(year: year, month: month, day: day)
        } catch {
            throw LedgerError(.invalidDate, field: field, value: text, rule: "no such day")
        }
    }

    public static func lastDay(ofYear year: Int) throws(LedgerError) -> Day {
        try Day(year: year, month: 12, day: 31)
    }

    public var description: String { Self.format(year, month, day) }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}
