/// A calendar day (no time, no time zone): the date an entry is booked on.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Refuses days that do not exist, such as 2026-02-30.
    public init(year: Int, month: Int, day: Int) throws(LedgerError) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.daysInMonth(year: year, month: month)).contains(day) else {
            throw LedgerError(.invalidDate, field: "date", value: Self.format(year, month, day), rule: "no such day")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` exactly. Read byte by byte: an import parses a date on every line.
    public init(parsing text: String, field: String) throws(LedgerError) {
        var parts = (year: 0, month: 0, day: 0)
        var offset = 0
        for byte in text.utf8 {
            let digit = Int(byte) - Int(UInt8(ascii: "0"))
            switch offset {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { throw Self.notADate(text, field: field) }
            case 0..<10:
                guard (0...9).contains(digit) else { throw Self.notADate(text, field: field) }
                if offset < 4 {
                    parts.year = parts.year * 10 + digit
                } else if offset < 7 {
                    parts.month = parts.month * 10 + digit
                } else {
                    parts.day = parts.day * 10 + digit
                }
            default:
                throw Self.notADate(text, field: field)
            }
            offset += 1
        }
        guard offset == 10 else { throw Self.notADate(text, field: field) }
        do {
            try self.init(year: parts.year, month: parts.month, day: parts.day)
        } catch {
            throw LedgerError(.invalidDate, field: field, value: text, rule: "no such day")
        }
    }

    private static func notADate(_ text: String, field: String) -> LedgerError {
        LedgerError(.invalidDate, field: field, value: text, rule: "a date is written YYYY-MM-DD")
    }

    public static func lastDay(ofYear year: Int) throws(LedgerError) -> Day {
        try Day(year: year, month: 12, day: 31)
    }

    public static func firstDay(ofYear year: Int) throws(LedgerError) -> Day {
        try Day(year: year, month: 1, day: 1)
    }

    /// Days since 1970-01-01 (negative before), for day arithmetic.
    public var ordinal: Int {
        // Howard Hinnant's days_from_civil.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func daysInYear(_ year: Int) -> Int { isLeapYear(year) ? 366 : 365 }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    public func addingYears(_ years: Int) throws(LedgerError) -> Day {
        let target = year + years
        return try Day(year: target, month: month, day: min(day, Self.daysInMonth(year: target, month: month)))
    }

    /// The day before.
    public func previous() throws(LedgerError) -> Day {
        if day > 1 { return try Day(year: year, month: month, day: day - 1) }
        if month > 1 { return try Day(year: year, month: month - 1, day: Self.daysInMonth(year: year, month: month - 1)) }
        return try Day(year: year - 1, month: 12, day: 31)
    }

    /// How many days of `year` fall in `first...last` (both inclusive; `last` nil: open-ended).
    public static func daysCovered(inYear year: Int, from first: Day, through last: Day?) throws(LedgerError) -> Int {
        let yearStart = try firstDay(ofYear: year)
        let yearEnd = try lastDay(ofYear: year)
        let start = max(first, yearStart)
        let end = min(last ?? yearEnd, yearEnd)
        return end < start ? 0 : end.ordinal - start.ordinal + 1
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
