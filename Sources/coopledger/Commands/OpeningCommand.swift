import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct OpeningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opening",
        abstract: "Opening balances of a cooperative moving its books in (期初余额); first, before any entry.",
        discussion: """
            FILE is CSV: account,member,debit,credit[,year-debit,year-credit][,source], one row per \
            account and member detail account: the balance at --date, and for a date during a year the \
            year's cumulative debits and credits up to it (本年累计借方/贷方). source: a member's 301 \
            capital comes from poverty-alleviation or other (default); a member's 311 share is a subsidy \
            or a donation share. 332's balance goes to 33202 未分配盈余. It must balance. On 31 December it \
            is posted as one opening voucher and closes the year (profit and loss closed into 33202). \
            During a year the balances at the year's start (balance less the year's amounts; profit and \
            loss start at zero) are the opening voucher on 31 December before, the year's amounts an \
            entry on --date, and the year before and the months through --date are closed. --chart 2008 \
            reads the 2008 system's codes (522 管理费用 → 523; the README has the table). Admin only.
            """
    )
    @Option(help: "The day the balances are as of: the last day of a month (YYYY-MM-DD).")
    var date: String
    @Option(help: "The chart the file's codes are in: 2022 (default) or 2008.")
    var chart: OpeningFile.Chart = .chart2022
    @Argument(help: "The balances, CSV.")
    var file: String
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let day = try Day(parsing: date, field: "date")
        let text = try await Session.run(global, needs: .operation(.opening)) { session in
            let coop = try await session.coop()
            let id = try await session.ledger.postOpening(path: file, date: day, chart: chart, in: coop)
            return try await session.describe(.posted(id), key: SystemKey.opening)
        }
        print(text)
        Session.progress("the books are closed through \(day)")
    }
}

extension OpeningFile.Chart: ExpressibleByArgument {}
