import LedgerCore
import Testing

@Suite struct DayTests {
    @Test func parsesRealDays() throws {
        let day = try Day(parsing: "2024-02-29", field: "date")
        #expect(day.year == 2024 && day.month == 2 && day.day == 29)
        #expect(day.description == "2024-02-29")
    }

    @Test(arguments: [
        "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "26-01-01", "2026/01/01", "", "2026-01-01T00:00", "1900-02-29",
        "+026-01-01", "2026-01-1a", "2026-01-011", "0000-01-01", "2026--1-01", "２０２６-01-01", "2026-01-01 ",
    ])
    func refusesDaysThatDoNotExistOrAreMalformed(text: String) {
        do throws(LedgerError) {
            _ = try Day(parsing: text, field: "date")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidDate)
            #expect(error.field == "date")
        }
    }

    @Test func ordersChronologically() throws {
        #expect(try Day(parsing: "2025-12-31", field: "d") < Day(parsing: "2026-01-01", field: "d"))
    }
}
