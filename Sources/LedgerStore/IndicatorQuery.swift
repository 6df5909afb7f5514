import LedgerCore
import Postgres

/// The figures of the indicator sheet that no statement line holds as such.
public struct IndicatorQuery {
    let connection: Connection
    let coop: CoopCode

    public init(_ connection: Connection, coop: CoopCode) {
        self.connection = connection
        self.coop = coop
    }

    /// 获得财政扶持资金: state subsidies received in the year (311 credits of `subsidy add
    /// --source state`; donations are not public funds).
    public func subsidiesReceived(year: Int) throws -> Money {
        Money(
            fen: try connection.query(
                """
                SELECT coalesce(-sum(amount), 0)::bigint FROM postings
                WHERE coop_id = \(coop.rawValue) AND account_code = \(AccountCode.specialFunds) AND kind = 'subsidy'
                  AND entry_date BETWEEN \(try Day.firstDay(ofYear: year)) AND \(try Day.lastDay(ofYear: year))
                """
            ).singleRow().decode(Int64.self, at: 0))
    }

    /// 期末贷款余额: what the cooperative owes banks on `day`: 201 短期借款 and the lines of 231
    /// 长期借款 without member detail (a member's 231 line is their poverty-alleviation loan
    /// put in as equity, owed to the household, not to a bank).
    public func bankLoans(through day: Day) throws -> Money {
        Money(
            fen: try connection.query(
                """
                SELECT coalesce(-sum(amount), 0)::bigint FROM postings
                WHERE coop_id = \(coop.rawValue) AND entry_date <= \(day)
                  -- 201 and 231 with their sub-accounts, as ranges of codes the index on account can seek.
                  AND ((account_code >= '201' AND account_code < '202') OR (account_code >= '231' AND account_code < '232' AND member_no IS NULL))
                """
            ).singleRow().decode(Int64.self, at: 0))
    }
}
