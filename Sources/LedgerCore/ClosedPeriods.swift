/// How far a cooperative's books are closed: through the last day of its latest closed year,
/// and within a later year through its latest closed month (months close in order within a
/// year). The one place that says whether a day is closed, and why.
public struct ClosedPeriods: Sendable {
    public let latestClosedYear: Int?
    /// The latest closed month of each year that has one.
    public let latestClosedMonths: [Int: CalendarMonth]

    public init(latestClosedYear: Int?, latestClosedMonths: [Int: CalendarMonth]) {
        self.latestClosedYear = latestClosedYear
        self.latestClosedMonths = latestClosedMonths
    }

    /// Refuses a day on or before the end of the latest closed year, or in or before a closed
    /// month of its year (the database refuses such entries too; this names the field first).
    public func requireOpen(_ day: Day, field: String = "date") throws(LedgerError) {
        if let closed = latestClosedYear, day.year <= closed {
            throw LedgerError(
                .periodClosed, field: field, value: day.description,
                rule: "the books are closed through \(closed)-12-31; date it after that (reverse the \(closed) run to reopen the year)")
        }
        if let month = latestClosedMonths[day.year], day <= month.lastDay {
            throw LedgerError(
                .periodClosed, field: field, value: day.description,
                rule: "the books are closed through \(month.lastDay) (month \(month)); date it after that, or reopen the month (period reopen --month \(month))"
            )
        }
    }
}
