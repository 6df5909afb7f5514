import LedgerCore
import Postgres

/// Reads what the distribution needs for a year from the journal: S, L, and each
/// member's weights. No counters kept on the side.
public struct DistributionQuery {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    public func settings() throws -> DistributionSettings {
        let row = try connection.query(
            """
            SELECT reserve_rate_bp, patronage_share_bp, capital_share_bp, array_to_string(patronage_kinds, ','), reserve_quantified_by
            FROM cooperatives WHERE coop_id = \(coop.rawValue)
            """
        ).singleRow()
        return try Self.settings(
            reserveRate: row.decode(Int32.self, at: 0), patronageShare: row.decode(Int32.self, at: 1), capitalShare: row.decode(Int32.self, at: 2),
            patronageKinds: row.decode(String.self, at: 3), reserveQuantification: row.decode(String.self, at: 4)
        )
    }

    static func settings(reserveRate: Int32, patronageShare: Int32, capitalShare: Int32, patronageKinds: String, reserveQuantification: String) throws
        -> DistributionSettings
    {
        let kinds = try patronageKinds.split(separator: ",").map { text in
            guard let kind = EntryKind(rawValue: String(text)) else {
                throw PostgresError(kind: .decoding, message: "unknown patronage kind \(text)")
            }
            return kind
        }
        guard let quantification = DistributionSettings.ReserveQuantification(rawValue: reserveQuantification) else {
            throw PostgresError(kind: .decoding, message: "unknown reserve quantification \(reserveQuantification)")
        }
        return try DistributionSettings(
            charter: CharterSettings(
                reserveRate: BasisPoints(reserveRate), patronageShare: BasisPoints(patronageShare), capitalShare: BasisPoints(capitalShare)),
            patronageKinds: Set(kinds), reserveQuantification: quantification
        )
    }

    /// Each profit-and-loss account's net (debit positive) for the year, leaving out the
    /// year-end close (and its reversal) so the figures are the same before and after a run.
    public func profitAndLoss(year: Int) throws -> [AccountCode: Money] {
        let accounts = try AccountRepository(connection, coop: coop).all()
        return try Self.profitAndLoss(of: [coop: accounts], year: year, on: connection)[coop] ?? [:]
    }

    /// The same for each cooperative of `charts` (a district's), in one statement.
    public static func profitAndLoss(of charts: [CoopCode: [Account]], year: Int, on connection: Connection) throws -> [CoopCode: [AccountCode: Money]] {
        // The codes first, then an index scan per code: the P&L postings are few among many.
        let codes = Set(charts.values.joined().filter { $0.kind == .profitAndLoss }.map(\.code.rawValue)).sorted()
        var balances: [CoopCode: [AccountCode: Money]] = [:]
        for row in try connection.query(
            """
            SELECT coop_id, account_code, sum(amount)::bigint FROM postings
            WHERE coop_id = ANY(\(charts.keys.map(\.rawValue))) AND account_code = ANY(\(codes)) AND kind <> 'year_end_close'
              AND entry_date BETWEEN make_date(\(year)::integer, 1, 1) AND make_date(\(year)::integer, 12, 31)
            GROUP BY coop_id, account_code
            """
        ).rows {
            let coop = try CoopCode(parsing: row.decode(String.self, at: 0))
            let code = try AccountCode(parsing: row.decode(String.self, at: 1), field: "account")
            // A code is P&L in the cooperative whose chart says so (charts are alike, not one).
            guard charts[coop]?.contains(where: { $0.code == code && $0.kind == .profitAndLoss }) == true else { continue }
            balances[coop, default: [:]][code] = Money(fen: try row.decode(Int64.self, at: 2))
        }
        return balances
    }

    /// 332 未分配盈余 (33202) at the start of the year; negative, an accumulated loss.
    public func carriedIn(year: Int) throws -> Money {
        try Self.undistributedSurplus(of: [coop], year: year, on: connection)[coop]?.carriedIn ?? .zero
    }

    /// 02表's 其他转入: net credits to 332 未分配盈余 in the year besides the year-end close
    /// and the run (a loss covered from the reserve, a correction).
    public func otherTransfersIn(year: Int) throws -> Money {
        try Self.undistributedSurplus(of: [coop], year: year, on: connection)[coop]?.otherTransfersIn ?? .zero
    }

    /// `carriedIn` and `otherTransfersIn` of each of `coops` (a district's), in one statement.
    public static func undistributedSurplus(of coops: [CoopCode], year: Int, on connection: Connection) throws
        -> [CoopCode: (carriedIn: Money, otherTransfersIn: Money)]
    {
        var figures: [CoopCode: (carriedIn: Money, otherTransfersIn: Money)] = [:]
        for row in try connection.query(
            """
            SELECT coop_id, (-coalesce(sum(amount) FILTER (WHERE entry_date < make_date(\(year)::integer, 1, 1)), 0))::bigint,
                   (-coalesce(sum(amount) FILTER (WHERE entry_date >= make_date(\(year)::integer, 1, 1)
                                                    AND kind NOT IN ('year_end_close', 'surplus_distribution')), 0))::bigint
            FROM postings
            WHERE coop_id = ANY(\(coops.map(\.rawValue))) AND account_code = \(AccountCode.undistributedSurplus)
              AND entry_date <= make_date(\(year)::integer, 12, 31)
            GROUP BY coop_id
            """
        ).rows {
            figures[try CoopCode(parsing: row.decode(String.self, at: 0))] =
                (Money(fen: try row.decode(Int64.self, at: 1)), Money(fen: try row.decode(Int64.self, at: 2)))
        }
        return figures
    }

    /// L as the run uses it: what 332 未分配盈余 holds when the run comes, that is its balance
    /// at the start of the year and every other transfer into it during the year (a loss
    /// covered from the reserve in the year is covered for this run, not the next).
    public func carriedIntoRun(year: Int) throws -> Money {
        try carriedIn(year: year).adding(try otherTransfersIn(year: year), field: "undistributed surplus")
    }

    /// `profitAndLoss`, if the caller read it already (`profitAndLoss(year:)`).
    public func inputs(year: Int, settings: DistributionSettings, profitAndLoss: [AccountCode: Money]? = nil) throws -> DistributionInputs {
        let balances = try profitAndLoss ?? self.profitAndLoss(year: year)
        let surplus = try Money.sum(balances.values.map { Money(fen: -$0.fen) }, field: "surplus")
        let carriedIn = try carriedIntoRun(year: year)

        // Purchases and land fees credit the member's 114, sales debit it: either way the
        // dealing's size, and a reversal (same kind, lines negated) takes it back out.
        var patronage: [MemberNumber: Int64] = [:]
        let kinds = settings.patronageKinds.map(\.rawValue).sorted()
        for row in try connection.query(
            """
            SELECT member_no, sum(CASE WHEN kind = 'sale' THEN amount ELSE -amount END)::bigint FROM postings
            WHERE coop_id = \(coop.rawValue) AND account_code = \(AccountCode.memberCurrentAccounts) AND kind = ANY(\(kinds))
              AND entry_date BETWEEN make_date(\(year)::integer, 1, 1) AND make_date(\(year)::integer, 12, 31)
            GROUP BY member_no
            """
        ).rows {
            patronage[MemberNumber(try row.decode(Int32.self, at: 0))] = try row.decode(Int64.self, at: 1)
        }

        // Capital at the end of the year plus the reserve (322), subsidy and donation (311)
        // shares quantified to the member: their detail accounts, as they stood before this
        // year's own run (its entries are dated 31 December and of kind surplus_distribution).
        var capital: [MemberNumber: Int64] = [:]
        for row in try connection.query(
            """
            SELECT member_no, (-sum(amount))::bigint FROM postings p
            WHERE coop_id = \(coop.rawValue) AND account_code = ANY(\([.shareCapital, .specialFunds, .surplusReserve] as [AccountCode])) AND member_no IS NOT NULL
              AND entry_date <= make_date(\(year)::integer, 12, 31)
              AND NOT (kind = 'surplus_distribution' AND entry_date = make_date(\(year)::integer, 12, 31))
              -- A member who left during or before the year takes no part in its capital pool.
              AND NOT EXISTS (SELECT 1 FROM members m WHERE m.coop_id = p.coop_id AND m.member_no = p.member_no
                              AND m.left_on <= make_date(\(year)::integer, 12, 31))
            GROUP BY member_no
            """
        ).rows {
            capital[MemberNumber(try row.decode(Int32.self, at: 0))] = try row.decode(Int64.self, at: 1)
        }

        // Members who left by the end of the year: refunded for their patronage, no other share.
        let leavers = Set(
            try connection.query(
                """
                SELECT member_no FROM members WHERE coop_id = \(coop.rawValue) AND left_on <= make_date(\(year)::integer, 12, 31)
                """
            ).rows.map { MemberNumber(try $0.decode(Int32.self, at: 0)) })

        let members = Set(patronage.keys).union(capital.keys).sorted().map { member in
            DistributionInputs.MemberWeights(
                member: member, patronage: Money(fen: patronage[member] ?? 0), capital: Money(fen: capital[member] ?? 0),
                hasLeft: leavers.contains(member))
        }
        return DistributionInputs(year: year, surplus: surplus, carriedIn: carriedIn, members: members)
    }
}
