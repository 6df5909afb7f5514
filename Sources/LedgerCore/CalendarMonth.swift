/// A month of a year, `2026-03`: the unit months close in (结账).
public struct CalendarMonth: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let firstDay: Day
    public let lastDay: Day

    public init(year: Int, month: Int) throws(LedgerError) {
        do {
            firstDay = try Day(year: year, month: month, day: 1)
            lastDay = try Day(year: year, month: month, day: Day.daysInMonth(year: year, month: month))
        } catch {
            throw LedgerError(.invalidDate, field: "month", value: "\(year)-\(month)", rule: "no such month")
        }
    }

    /// Reads `YYYY-MM` exactly.
    public init(parsing text: String, field: String = "month") throws(LedgerError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 4, parts[1].utf8.count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            let year = Int(parts[0]), let month = Int(parts[1]), (1...9999).contains(year), (1...12).contains(month)
        else {
            throw LedgerError(.invalidDate, field: field, value: text, rule: "a month is written YYYY-MM, like 2026-03")
        }
        try self.init(year: year, month: month)
    }

    /// The month a day falls in.
    public init(of day: Day) throws(LedgerError) {
        try self.init(year: day.year, month: day.month)
    }

    public var year: Int { firstDay.year }
    public var month: Int { firstDay.month }

    public var description: String { String(firstDay.description.prefix(7)) }

    public func next() throws(LedgerError) -> CalendarMonth {
        month == 12 ? try CalendarMonth(year: year + 1, month: 1) : try CalendarMonth(year: year, month: month + 1)
    }

    public func previous() throws(LedgerError) -> CalendarMonth {
        month == 1 ? try CalendarMonth(year: year - 1, month: 12) : try CalendarMonth(year: year, month: month - 1)
    }

    public static func < (lhs: CalendarMonth, rhs: CalendarMonth) -> Bool { lhs.firstDay < rhs.firstDay }
}
