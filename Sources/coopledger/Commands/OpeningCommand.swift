import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct OpeningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opening",
        abstract: "Opening balances of a cooperative moving its books in (期初余额); first, before any entry.",
        discussion: """
            FILE is CSV: account,member,debit,credit[,source], one row per account and member detail \
            account. source: a member's 301 capital comes from poverty-alleviation or other (default); a \
            member's 311 share is a subsidy or a donation share. 332's balance goes to 33202 未分配盈余. \
            It must balance, is posted as one opening voucher, and closes everything up to --date: the \
            year on 31 December, else the months of its year. --chart 2008 reads the 2008 system's codes \
            (522 管理费用 → 523; the README has the table). Admin only.
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
