import LedgerCore
import LedgerStore
import Postgres

/// The indicator sheet (指标表): a cooperative's yearly figures from its own 01, 02 and benefit
/// statement. A district's are read together: one statement per kind of figure for all its
/// cooperatives, not a round of queries per cooperative, so the district's report costs
/// about what the raw SQL of the same sums does (bench/district.sh).
extension Ledger {
    /// Each cooperative's sheet for the year, in the order given, with its benefit statement
    /// of the year given (a district's come from the figures it keeps, shared with its
    /// households reports).
    static func indicatorSheets(
        of cooperatives: [Cooperative], year: Int, benefits: [CoopCode: BenefitStatement], language: Language, on connection: Connection
    ) throws -> [Statement] {
        let coops = cooperatives.map(\.code)
        let first = try Day.firstDay(ofYear: year)
        let last = try Day.lastDay(ofYear: year)
        let accounts = try AccountRepository.accounts(of: coops, on: connection)
        let charts = accounts.mapValues { Chart($0) }
        let figures = try StatementQuery.figures(of: coops, charts: charts, from: first, through: last, on: connection)
        let profitAndLoss = try DistributionQuery.profitAndLoss(of: accounts, year: year, on: connection)
        let undistributed = try DistributionQuery.undistributedSurplus(of: coops, year: year, on: connection)
        let distributed = try DistributionRunRepository.distributed(of: coops, year: year, on: connection)
        let others = try IndicatorQuery(connection, coops: coops).subsidiesAndBankLoans(year: year)
        return try cooperatives.map { cooperative in
            let coop = cooperative.code
            let chart = charts[coop] ?? Chart([])
            let name = "\(cooperative.name) (\(coop))"
            let balanceSheet = try BalanceSheet.build(
                figures[coop] ?? .empty, coopName: name, asOf: last, language: language)
            let surplus = try surplusStatement(
                profitAndLoss: profitAndLoss[coop] ?? [:], chart: chart, carriedIn: undistributed[coop]?.carriedIn ?? .zero,
                otherTransfersIn: undistributed[coop]?.otherTransfersIn ?? .zero,
                distributed: distributed[coop], of: cooperative, year: year, language: language)
            return try IndicatorSheet.build(
                balanceSheet: balanceSheet, surplus: surplus, benefits: benefits[coop] ?? BenefitStatement(coop: coop, year: year, rows: []),
                subsidiesReceived: others[coop]?.subsidiesReceived ?? .zero, bankLoans: others[coop]?.bankLoans ?? .zero,
                coopName: name, year: year, language: language
            )
        }
    }
}
