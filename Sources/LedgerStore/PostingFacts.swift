import LedgerCore
import Postgres

/// What checking new entries before they are written needs to know of a cooperative they go
/// to. It is read for all of a batch's cooperatives together, a statement per kind of fact, so
/// a batch holding a district's trickle of posts (a cooperative or two an entry each) reads
/// about what one cooperative's batch does (issue 27). Each statement looks its rows up by key,
/// a cooperative's at a time (`CROSS JOIN LATERAL (…) OFFSET 0` over the pairs asked): joined
/// plainly to the array of pairs, the planner hashed a whole table (every cooperative's
/// journal) for a handful of keys, 0.6 ms a batch.
public struct PostingFacts {
    /// Of the chart, the accounts the entries name and what checking them reads.
    public let chart: Chart
    public let requiresApproval: Bool
    /// The entries already posted under the keys asked for, by key.
    public let earlier: [String: StoredEntry]
    /// The members named that exist.
    public let members: [MemberNumber: Member]
    public let periods: ClosedPeriods

    /// Each cooperative's facts, for the keys and members its entries name; a cooperative that
    /// does not exist has none.
    public static func read(for entries: [CoopCode: [JournalEntry]], on connection: Connection) throws -> [CoopCode: PostingFacts] {
        let approval = try CooperativeRepository(connection).requiresApproval(Array(entries.keys))
        let present = entries.filter { approval[$0.key] != nil }
        guard !present.isEmpty else { return [:] }
        let coops = Array(present.keys)
        let charts = try AccountRepository.accounts(named: present.mapValues { Set($0.flatMap { $0.lines.map(\.account) }) }, on: connection)
        let earlier = try JournalRepository.entries(withKeys: present.mapValues { $0.map(\.key) }, on: connection)
        let members = try MemberRepository.named(present.mapValues { Set($0.flatMap(\.memberNumbers)) }, on: connection)
        let periods = try PeriodRepository.closedPeriods(of: coops, on: connection)
        return Dictionary(
            uniqueKeysWithValues: coops.map { coop in
                (
                    coop,
                    PostingFacts(
                        chart: Chart(charts[coop] ?? []), requiresApproval: approval[coop] ?? false, earlier: earlier[coop] ?? [:],
                        members: members[coop] ?? [:], periods: periods[coop] ?? ClosedPeriods(latestClosedYear: nil, latestClosedMonths: [:]))
                )
            })
    }
}
