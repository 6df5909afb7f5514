import LedgerCore
import LedgerRendering
import LedgerService
import Logging
import Postgres
import TestSupport

/// A fresh database with one cooperative and a few members, and the ledger on it.
struct LedgerFixture {
    let database: TestDatabase
    let pool: ConnectionPool
    let ledger: Ledger
    let coop = try! CoopCode(parsing: "test-coop")

    static func with<Result>(_ body: (LedgerFixture) async throws -> Result) async throws -> Result {
        try await TestDatabase.withFresh { database in
            let pool = database.pool(maximumConnections: 8)
            let fixture = LedgerFixture(database: database, pool: pool, ledger: Ledger(pool: pool, logger: Logger(label: "test"), actor: .system))
            _ = try await fixture.ledger.createCooperative(try Cooperative(code: fixture.coop, name: "测试合作社", settings: .standard))
            for number in Int32(1)...3 {
                _ = try await fixture.ledger.addMember(try Member(number: MemberNumber(number), name: "成员\(number)"), to: fixture.coop)
            }
            do {
                let result = try await body(fixture)
                await pool.close()
                return result
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    static func day(_ text: String) -> Day { try! Day(parsing: text, field: "date") }

    /// Member `member` pays `yuan` of capital in cash.
    static func capital(key: String, member: Int32, fen: Int64, date: String = "2026-03-01") throws -> JournalEntry {
        try JournalEntry(
            key: key, date: day(date), memo: "出资",
            lines: [
                .debit(AccountCode("102"), Money(fen: fen)),
                .credit(AccountCode("301"), member: MemberNumber(member), Money(fen: fen)),
            ])
    }

    func entryCount() throws -> Int64 {
        try database.connect().query("SELECT count(*) FROM journal_entries").singleRow().decode(Int64.self, at: 0)
    }
}
