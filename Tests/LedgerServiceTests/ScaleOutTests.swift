import Foundation
import LedgerCore
import LedgerService
import Postgres
import SampleBooks
import Testing
import TestSupport

/// deploy/scale-out.md: the schema can be distributed by cooperative (Citus) because every
/// statement the service sends filters by one cooperative, so it routes to one shard.
@Suite struct ScaleOutTests {
    /// Statements that name no cooperative and need not: transaction control, settings (the
    /// acting person), exporting the snapshot verify's streams share, reads of
    /// the people reference table (copied to every node), ids
    /// from a sequence (distributed sequences in Citus), the per-cooperative functions called
    /// with the cooperative as their argument (distributed functions, routed by it), and the
    /// import's session-local staging tables (on the coordinator, never distributed).
    static func needsNoCooperative(_ sql: String) -> Bool {
        let text = sql.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        let control = [
            "BEGIN", "COMMIT", "ROLLBACK", "SET ", "SAVEPOINT", "RELEASE", "SHOW ", "SELECT NEXTVAL(", "SELECT SET_CONFIG(", "SELECT PG_EXPORT_SNAPSHOT()",
        ]
        if control.contains(where: { text.hasPrefix($0) }) { return true }
        let routedByArgument = [
            "FROM CHAIN_HEAD($1)", "SELECT LOCK_CHAIN($1)", "SELECT UNNEST(ROLES_HELD($1, $2))",
            "SELECT BIND_ACTOR($1,", "LIVE_TOKEN_LOGIN($", "SELECT REVOKE_TOKEN($1,", "SELECT SIGN_IN($1,",
        ]
        if routedByArgument.contains(where: text.contains) { return true }
        // The planner's picture of whole tables (the catalog, VACUUM, ANALYZE): maintenance, not books.
        let catalog = ["FROM PG_CLASS", "VACUUM ", "ANALYZE "]
        if catalog.contains(where: text.hasPrefix) || text.contains("FROM PG_CLASS") { return true }
        let staging = ["IMPORT_LINES", "IMPORT_ENTRIES", "IMPORT_SKIPPED", "IMPORT_IDS", "IMPORT_EXISTING"]
        let tables = [
            "JOURNAL_ENTRIES", "POSTINGS", "MEMBERS", "ACCOUNTS", "PERIODS", "ENTRY_HASHES", "COOPERATIVES", "LEASES",
            "PURCHASES", "SALES", "CONTRIBUTIONS", "LOAN_EQUITY_CONTRACTS", "DISTRIBUTION_RUNS", "API_TOKENS", "VOUCHERS",
            "VOUCHER_LINES", "VOUCHER_NUMBERS", "PERSON_ROLES",
        ]
        let people = ["FROM PEOPLE ", "INTO PEOPLE ", "UPDATE PEOPLE "]
        return (staging + people).contains(where: text.contains) && !tables.contains(where: text.contains)
    }

    @Test func everyStatementFiltersByOneCooperative() async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool()
            let ledger = Ledger(pool: pool, logger: .init(label: "test"), actor: .system)
            let coop = SampleCooperative.code
            // The cooperative exists first: naming none lists them all, which is a lookup of the
            // cooperative to work on, not a statement about its books.
            _ = try await ledger.createCooperative(try Cooperative(code: coop, name: SampleCooperative.name, settings: .standard))
            Connection.statementLog.start(database: database.name)
            _ = try await SampleCooperative.load(into: ledger)
            for name in ReportName.allCases {
                var request = ReportRequest(name: name)
                request.year = SampleCooperative.year
                request.account = name == .ledger ? .memberCurrentAccounts : nil
                _ = try await ledger.report(request, of: coop, today: try Day.lastDay(ofYear: SampleCooperative.year))
            }
            _ = try await ledger.memberAccount(MemberNumber(2), year: SampleCooperative.year, in: coop)
            _ = try await ledger.previewDistribution(year: SampleCooperative.year + 1, in: coop)
            _ = try await ledger.trialBalance(of: coop, asOf: nil)
            _ = try await ledger.entries(of: coop, after: EntryID(0), limit: 50)
            _ = try await ledger.verifyChain(of: coop)
            _ = try await ledger.export(.hledger, of: coop) { _ in }
            _ = try await ledger.sell(
                try Sale(member: MemberNumber(1), product: "仔猪", quantity: Weight(grams: 100_000), price: UnitPrice(tenThousandthsOfYuanPerKilogram: 400_000)),
                date: try Day(parsing: "2027-02-01", field: "date"), key: "scale-sale", paidAtOnce: true, in: coop)
            _ = try await ledger.addSubsidy(
                try Subsidy(amount: Money(fen: 900_000), source: .state), date: try Day(parsing: "2027-02-02", field: "date"), key: "scale-subsidy", in: coop)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString).csv").path
            try "key,date,memo,account,member,debit,credit\ni1,2027-02-03,x,121,,5,\ni1,2027-02-03,,114,1,,5\n".write(
                toFile: file, atomically: true, encoding: .utf8)
            _ = try await ledger.importJournal(path: file, format: .csv, into: coop, options: ImportOptions())
            let statements = Connection.statementLog.stop()
            #expect(statements.count > 100)
            let unrouted = statements.filter { !$0.contains("coop_id") && !Self.needsNoCooperative($0) }
            #expect(unrouted.isEmpty, "statements that do not filter by cooperative:\n\(unrouted.prefix(5).joined(separator: "\n---\n"))")
            await pool.close()
        }
    }
}
