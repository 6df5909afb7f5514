import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Streams the whole journal in a plain-text-accounting dialect to `write`, page by
    /// page, from one snapshot (so the chain head in the header matches the entries).
    public func export(_ format: PlainTextFormat, of coop: CoopCode, write: @escaping @Sendable (String) throws -> Void) async throws -> Int {
        try await read { connection in
            guard let cooperative = try CooperativeRepository(connection).find(coop) else { throw Self.unknownCooperative(coop) }
            let writer = PlainTextWriter(format: format, chart: try AccountRepository(connection, coop: coop).chart())
            let query = JournalExportQuery(connection, coop: coop)
            let firstDay =
                try connection.query("SELECT min(entry_date) FROM journal_entries WHERE coop_id = \(coop.rawValue)")
                .singleRow().decode(Day?.self, at: 0) ?? Day(year: 1970, month: 1, day: 1)
            try write(
                writer.header(
                    coop: cooperative, head: try HashChain(connection, coop: coop).head(), firstDay: firstDay,
                    memberAccounts: try query.memberAccounts()))
            var count = 0
            var after: Int64 = 0
            while true {
                let page = try query.page(after: after)
                guard let last = page.last else { break }
                var chunk = ""
                for stored in page { chunk += writer.entry(stored) }
                try write(chunk)
                count += page.count
                after = last.id.value
            }
            return count
        }
    }
}
