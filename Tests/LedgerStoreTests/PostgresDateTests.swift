import Postgres
import Testing
import TestSupport
@testable import LedgerStore

/// `verify` spells the dates it reads in binary itself: it must spell every date as the
/// database's canonical functions do (`to_json` of a date), or links would not match.
@Suite struct PostgresDateTests {
    @Test func everyDateIsSpelledAsTheDatabaseSpellsItInJSON() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let rows = try connection.copyOutBinary(
                """
                COPY (SELECT d, to_json(d)::text FROM (
                    SELECT '2000-01-01'::date + n AS d FROM generate_series(-800000, 800000, 997) n
                    UNION ALL SELECT unnest(ARRAY['4713-11-24 BC', '0001-01-01 BC', '0001-12-31 BC', '0001-01-01', '1900-02-28',
                                                  '1900-03-01', '2000-02-29', '2024-02-29', '2026-12-31', '9999-12-31', '10000-01-01',
                                                  '5874897-12-31', 'infinity', '-infinity']::date[])) dates
                ) TO STDOUT (FORMAT binary)
                """)
            var checked = 0
            while try rows.next() {
                let days = try #require(rows.integer(0))
                let json = String(decoding: try #require(rows.bytes(1)), as: UTF8.self)
                var text = ByteWriter()
                PostgresDate.appendISO(daysSince2000: days, to: &text)
                #expect("\"\(String(decoding: text.bytes, as: UTF8.self))\"" == json, "\(days) days")
                checked += 1
            }
            #expect(checked > 1_600)
        }
    }
}
