/// The days an entry may be dated: from the founding of the People's Republic (1949-10-01;
/// no cooperative's books reach further back) through the end of next year. A slip typed
/// 2062 for 2026 is refused, and an entry dated year 1 can no longer block every year's close.
/// The database holds the same range (sql/021).
public enum EntryDates {
    public static let earliest = try! Day(year: 1949, month: 10, day: 1)

    /// The last day an entry may carry when today is `today`.
    public static func latest(today: Day) -> Day { try! Day.lastDay(ofYear: today.year + 1) }

    public static func check(_ day: Day, today: Day, field: String = "date") throws(LedgerError) {
        guard day >= earliest, day <= latest(today: today) else {
            throw LedgerError(
                .invalidDate, field: field, value: day.description,
                rule: "an entry is dated from \(earliest) through \(latest(today: today)) (the end of next year)")
        }
    }
}
