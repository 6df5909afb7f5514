import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct PayrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "payroll",
        abstract: "Wages per person: a month's payroll (工资表) and its payment.",
        subcommands: [Post.self, Pay.self]
    )

    struct Post: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a month's payroll from CSV, all or nothing: one entry, dated the month's last day.",
            discussion: """
                Columns: person,amount[,days][,memo]; person is a member number (7) or a non-member \
                household (H3). The cost account is debited with the total and each person's wages are \
                credited to 212 应付工资 (a member's detail account; a household's line names it). Every \
                bad line is listed and nothing is written. The same key with the same file posts nothing again.
                """
        )
        @Option(help: ArgumentHelp("The month the wages are for, YYYY-MM.", valueName: "month"))
        var month: String
        @Option(help: "Idempotency key.")
        var key: String
        @Option(help: "The cost the wages are: 401 生产成本 (production), 523 管理费用 (administration), …")
        var costAccount = "401"
        @Argument(help: "The CSV file (UTF-8, optional BOM); - reads standard input.")
        var file: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let month = try CalendarMonth(parsing: month)
            let account = try AccountCode(parsing: costAccount, field: "cost-account")
            let text = try await Session.run(global, needs: .operation(.payroll)) { session in
                try await session.describe(
                    try await session.ledger.postPayroll(path: file, month: month, key: try ClientKey(key), costAccount: account, in: try await session.coop()),
                    key: key)
            }
            print(text)
        }
    }

    struct Pay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pay what the month's payrolls still owe (212 → 102), in one entry.",
            discussion: "Nothing owed: nothing is written. The same key again replays the payment."
        )
        @Option(help: ArgumentHelp("The month whose wages are paid, YYYY-MM.", valueName: "month"))
        var month: String
        @Option(help: "Payment date (YYYY-MM-DD).")
        var date: String
        @Option(help: "Idempotency key.")
        var key: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let month = try CalendarMonth(parsing: month)
            let day = try Day(parsing: date, field: "date")
            let text = try await Session.run(global, needs: .operation(.payrollPayment)) { session -> String in
                guard let outcome = try await session.ledger.payPayroll(month: month, date: day, key: try ClientKey(key), in: try await session.coop()) else {
                    return "nothing owed for \(month); nothing written"
                }
                return try await session.describe(outcome, key: key)
            }
            print(text)
        }
    }
}
