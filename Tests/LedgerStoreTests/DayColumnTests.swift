import LedgerCore
import LedgerStore
import Postgres
import Testing
import TestSupport

@Suite struct DayColumnTests {
    @Test func daysRoundTripThroughDateColumnsAndOtherTypesAreRefused() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let leapDay = try Day(parsing: "2024-02-29", field: "d")
            let row = try connection.query("SELECT \(leapDay) AS day, \(leapDay) + 1 AS next, NULL::date AS none, '2024-02-29'::text AS text").singleRow()
            #expect(try row.decode(Day.self, named: "day") == leapDay)
            #expect(try row.decode(Day.self, named: "next") == Day(parsing: "2024-03-01", field: "d"))
            #expect(try row.decode(Day?.self, named: "none") == nil)
            #expect(throws: PostgresError.self) { try row.decode(Day.self, named: "text") }
            #expect(throws: PostgresError.self) { try row.decode(Day.self, named: "none") }
        }
    }
}
