import LedgerCore
import Postgres

public struct DistributionRunRepository {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func nextID() throws -> Int64 {
        try connection.query("SELECT nextval('distribution_run_id_seq')").singleRow().decode(Int64.self, at: 0)
    }

    public func insert(_ distribution: Distribution, id: Int64) throws {
        let settings = distribution.settings
        let charter = settings.charter
        try connection.query(
            """
            INSERT INTO distribution_runs (coop_id, run_id, year, reserve_rate_bp, patronage_share_bp, capital_share_bp, patronage_kinds,
                reserve_quantified_by, surplus, carried_in, reserve, distributable, patronage_pool, capital_pool,
                patronage_distributed, capital_distributed, reserve_quantified, undistributed)
            VALUES (\(coop.rawValue), \(id), \(Int32(distribution.year)), \(charter.reserveRate.value), \(charter.patronageShare.value),
                \(charter.capitalShare.value), \(settings.patronageKinds.map(\.rawValue).sorted()), \(settings.reserveQuantification.rawValue),
                \(distribution.surplus.fen), \(distribution.carriedIn.fen), \(distribution.reserve.fen), \(distribution.distributable.fen),
                \(distribution.patronagePool.fen), \(distribution.capitalPool.fen), \(distribution.isPatronagePoolDistributed),
                \(distribution.isCapitalPoolDistributed), \(distribution.isReserveQuantified), \(distribution.undistributed.fen))
            """)
        try connection.copyIn(
            """
            COPY distribution_run_members (coop_id, run_id, member_no, patronage_weight, patronage_refund,
                capital_weight, capital_distribution, reserve_share) FROM STDIN
            """
        ) { writer in
            for share in distribution.members {
                try writer.writeRow([
                    coop.rawValue, String(id), share.member.description, String(share.patronageWeight.fen), String(share.patronageRefund.fen),
                    String(share.capitalWeight.fen), String(share.capitalDistribution.fen), String(share.reserveShare.fen),
                ])
            }
        }
    }

    /// The year's posted run, if there is one.
    public func posted(year: Int) throws -> StoredRun? {
        try runs("AND year = \(Int32(year)) AND status = 'posted'").first
    }

    /// What the posted run of `year` handed out, for each of `coops` that has one (a district's
    /// or one cooperative's 02表): its figures, and the credits to 301 of the entries
    /// converting its refunds and residual into capital (keys `PREFIX:pay-into-capital:MEMBER`,
    /// and their reversals, which net them out) dated in the year: a year's 02 counts the
    /// conversions of its own year, so it reads the same after the year has closed, whatever
    /// is converted later (that shows in the 03 of the year it happens). Two statements for
    /// all of them.
    public static func distributed(of coops: [CoopCode], year: Int, on connection: Connection) throws -> [CoopCode: SurplusStatement.Distributed] {
        var distributed: [CoopCode: SurplusStatement.Distributed] = [:]
        var conversionKeys: [(coop: String, prefix: String)] = []
        for row in try connection.query(
            """
            SELECT coop_id, run_id, reserve, patronage_pool, patronage_distributed, capital_pool, capital_distributed, distributable
            FROM distribution_runs WHERE coop_id = ANY(\(coops.map(\.rawValue))) AND year = \(Int32(year)) AND status = 'posted'
            """
        ).rows {
            func money(_ index: Int) throws -> Money { Money(fen: try row.decode(Int64.self, at: index)) }
            let coop = try CoopCode(parsing: row.decode(String.self, at: 0))
            distributed[coop] = SurplusStatement.Distributed(
                reserve: try money(2), patronageRefunds: Distribution.handedOut(try money(3), isDistributed: try row.decode(Bool.self, at: 4)),
                residualDistribution: Distribution.handedOut(try money(5), isDistributed: try row.decode(Bool.self, at: 6)),
                convertedIntoCapital: .zero, distributable: try money(7))
            let run = StoredRun.keyPrefix(year: year, run: try row.decode(Int64.self, at: 1))
            conversionKeys.append((coop.rawValue, SystemKey.runConversions(runPrefix: run)))
        }
        guard !conversionKeys.isEmpty else { return [:] }
        for row in try connection.query(
            """
            SELECT r.coop_id, (-sum(p.amount))::bigint
            FROM unnest(\(conversionKeys.map(\.coop))::text[], \(conversionKeys.map(\.prefix))::text[]) AS r(coop_id, prefix)
            -- Each cooperative's share capital read by its index (OFFSET 0 keeps it a lookup:
            -- expecting few conversions, the planner scanned all postings of the district).
            CROSS JOIN LATERAL (SELECT p.entry_id, p.amount FROM postings p
                                WHERE p.coop_id = r.coop_id AND p.account_code = \(AccountCode.shareCapital) AND p.kind = 'distribution_payment'
                                  AND p.entry_date <= \(try Day.lastDay(ofYear: year)) OFFSET 0) AS p
            JOIN journal_entries e ON e.coop_id = r.coop_id AND e.entry_id = p.entry_id AND starts_with(e.idempotency_key, r.prefix)
            GROUP BY r.coop_id
            """
        ).rows {
            distributed[try CoopCode(parsing: row.decode(String.self, at: 0))]?.convertedIntoCapital = Money(fen: try row.decode(Int64.self, at: 1))
        }
        return distributed
    }

    /// Posted runs of years after `year`.
    public func postedAfter(year: Int) throws -> [StoredRun] {
        try runs("AND year > \(Int32(year)) AND status = 'posted'")
    }

    public func markReversed(_ id: Int64) throws {
        try connection.query(
            """
            UPDATE distribution_runs SET status = 'reversed', reversed_at = now()
            WHERE coop_id = \(coop.rawValue) AND run_id = \(id) AND status = 'posted'
            """)
    }

    private func runs(_ filter: Query) throws -> [StoredRun] {
        let heads = try connection.query(
            """
            SELECT run_id, year, status, reserve_rate_bp, patronage_share_bp, capital_share_bp, array_to_string(patronage_kinds, ','),
                   reserve_quantified_by, surplus, carried_in, reserve, distributable, patronage_pool, capital_pool,
                   patronage_distributed, capital_distributed, reserve_quantified
            FROM distribution_runs WHERE coop_id = \(coop.rawValue) \(filter) ORDER BY year, run_id
            """
        ).rows
        return try heads.map { head in
            let id = try head.decode(Int64.self, at: 0)
            let members = try connection.query(
                """
                SELECT member_no, patronage_weight, patronage_refund, capital_weight, capital_distribution, reserve_share
                FROM distribution_run_members WHERE coop_id = \(coop.rawValue) AND run_id = \(id) ORDER BY member_no
                """
            ).rows.map { row in
                Distribution.MemberShare(
                    member: MemberNumber(try row.decode(Int32.self, at: 0)),
                    patronageWeight: Money(fen: try row.decode(Int64.self, at: 1)), patronageRefund: Money(fen: try row.decode(Int64.self, at: 2)),
                    capitalWeight: Money(fen: try row.decode(Int64.self, at: 3)), capitalDistribution: Money(fen: try row.decode(Int64.self, at: 4)),
                    reserveShare: Money(fen: try row.decode(Int64.self, at: 5))
                )
            }
            func money(_ index: Int) throws -> Money { Money(fen: try head.decode(Int64.self, at: index)) }
            let distribution = Distribution(
                year: Int(try head.decode(Int32.self, at: 1)),
                settings: try DistributionQuery.settings(
                    reserveRate: head.decode(Int32.self, at: 3), patronageShare: head.decode(Int32.self, at: 4), capitalShare: head.decode(Int32.self, at: 5),
                    patronageKinds: head.decode(String.self, at: 6), reserveQuantification: head.decode(String.self, at: 7)
                ),
                surplus: try money(8), carriedIn: try money(9), reserve: try money(10), distributable: try money(11),
                patronagePool: try money(12), capitalPool: try money(13),
                isPatronagePoolDistributed: try head.decode(Bool.self, at: 14), isCapitalPoolDistributed: try head.decode(Bool.self, at: 15),
                isReserveQuantified: try head.decode(Bool.self, at: 16), members: members
            )
            return StoredRun(id: id, isReversed: try head.decode(String.self, at: 2) == "reversed", distribution: distribution)
        }
    }
}
