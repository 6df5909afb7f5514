import LedgerCore
import Postgres

/// The figures of the indicator sheet that no statement line holds as such, for each of a
/// set of cooperatives (one, or a district's) in one statement.
public struct IndicatorQuery {
    let connection: Connection
    let coops: [CoopCode]

    public init(_ connection: Connection, coops: [CoopCode]) {
        self.connection = connection
        self.coops = coops
    }

    /// 获得财政扶持资金: state subsidies received in the year (311 credits of `subsidy add
    /// --source state`; donations are not public funds); and 期末贷款余额: what the
    /// cooperative owes banks at the year's end: 201 短期借款 and the lines of 231 长期借款
    /// without member detail (a member's 231 line is their poverty-alleviation loan put in as
    /// equity, owed to the household, not to a bank). Cooperatives with neither are left out.
    public func subsidiesAndBankLoans(year: Int) throws -> [CoopCode: (subsidiesReceived: Money, bankLoans: Money)] {
        let first = try Day.firstDay(ofYear: year)
        let last = try Day.lastDay(ofYear: year)
        var figures: [CoopCode: (subsidiesReceived: Money, bankLoans: Money)] = [:]
        for row in try connection.query(
            """
            SELECT coop_id,
                   coalesce(-sum(amount) FILTER (WHERE account_code = \(AccountCode.specialFunds) AND kind = 'subsidy' AND entry_date >= \(first)), 0)::bigint,
                   coalesce(-sum(amount) FILTER (WHERE account_code <> \(AccountCode.specialFunds)), 0)::bigint
            FROM postings
            WHERE coop_id = ANY(\(coops.map(\.rawValue))) AND entry_date <= \(last)
              -- 311, and 201 and 231 with their sub-accounts as ranges of codes the index on account can seek.
              AND (account_code = \(AccountCode.specialFunds) OR (account_code >= '201' AND account_code < '202')
                   OR (account_code >= '231' AND account_code < '232' AND member_no IS NULL))
            GROUP BY coop_id
            """
        ).rows {
            figures[try CoopCode(parsing: row.decode(String.self, at: 0))] =
                (Money(fen: try row.decode(Int64.self, at: 1)), Money(fen: try row.decode(Int64.self, at: 2)))
        }
        return figures
    }
}
