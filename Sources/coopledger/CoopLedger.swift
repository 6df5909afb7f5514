import ArgumentParser
import Foundation
import LedgerService

/// The `coopledger` command: a thin root that hands each subcommand to its own file.
struct CoopLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coopledger",
        abstract: "A double-entry ledger for farmers' professional cooperatives (农民专业合作社).",
        discussion: """
            With no --database-url (or COOPLEDGER_DATABASE_URL), coopledger keeps its own \
            PostgreSQL cluster under $COOPLEDGER_HOME (default ./.coopledger).

            Direct database access is the operator's tool: a command acts as `system`, \
            admin of every cooperative. To act as a person (--user L), give L's password \
            (asked on a terminal, else the first line of standard input); the command then \
            does only what L's roles in the cooperative allow. People who are not the \
            operator use the HTTP API or the workbench (coopledger serve).

            Exit codes: 0 done, 1 refused (bad input, rule violated, conflict), \
            2 usage error, 3 database unreachable.
            """,
        subcommands: [
            DemoCommand.self, MigrateCommand.self, CoopCommand.self, MemberCommand.self,
            AccountCommand.self, PostCommand.self, ImportCommand.self, ReverseCommand.self, CapitalCommand.self,
            LeaseCommand.self, AssetCommand.self, PurchaseCommand.self, SaleCommand.self, SubsidyCommand.self, CostCommand.self, LoanEquityCommand.self,
            DividendCommand.self, PeriodCommand.self, HouseholdCommand.self, PayrollCommand.self,
            OpeningCommand.self, VoucherCommand.self, UserCommand.self, ReportCommand.self, ExportCommand.self, VerifyCommand.self, TokenCommand.self,
            ServeCommand.self,
            DatabaseCommand.self, DistrictCommand.self, LoginCommand.self, LogoutCommand.self, WhoAmICommand.self,
        ]
    )
}

@main
enum Main {
    static func main() async {
        do {
            var command = try CoopLedger.parseAsRoot()
            _ = try PasswordCost.fromEnvironment() // a bad setting is refused before any work
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(Failure.report(error, asJSON: Failure.wantsJSON(CommandLine.arguments)).rawValue)
        }
    }
}
