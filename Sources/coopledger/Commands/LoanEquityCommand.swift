import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct LoanEquityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loan-equity",
        abstract: "Poverty-alleviation loans put in as equity (扶贫贷款入股) with a fixed yearly payout.",
        subcommands: [Add.self, Payout.self, Pay.self, Repay.self]
    )

    enum Treatment: String, ExpressibleByArgument, CaseIterable {
        case liability, equity
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a contract and book the principal received.")
        @Option(help: "The household's member number.")
        var member: String
        @Option(help: "Principal in yuan.")
        var principal: String
        @Option(help: "First day of the contract (YYYY-MM-DD).")
        var start: String
        @Option(help: "Term in years.")
        var years: Int
        @Option(help: "Fixed yearly payout in yuan (liability treatment only).")
        var payout: String
        @Option(help: "liability (231, default) or equity (301, no guaranteed payout).")
        var treatment: Treatment = .liability
        @Option(help: "Idempotency key: adding the same contract again with it is a no-op.")
        var key: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let contract = try LoanEquityContract(
                member: MemberNumber(parsing: member, field: "member"), principal: Money(parsing: principal, field: "principal"),
                startsOn: Day(parsing: start, field: "start"), years: years,
                yearlyPayout: Money(parsing: payout, field: "payout"),
                treatment: treatment == .liability ? .liability : .equity
            )
            let (id, outcome) = try await Session.run(global, needs: .operation(.loanEquity)) { session in
                try await session.ledger.addLoanEquity(contract, key: key, in: try await session.coop())
            }
            print(outcome == .created ? "recorded loan-equity contract \(id)" : "contract \(id) exists already with these terms; nothing written")
        }
    }

    struct Payout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accrue each contract's payout for a year, pro rata in its first and last year.")
        @Option(help: "The year.")
        var year: Int
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let summary = try await Session.run(global, needs: .operation(.loanEquity)) { session in
                try await session.describe(try await session.ledger.accrueLoanEquityPayouts(year: year, in: try await session.coop()))
            }
            print("loan-equity payouts \(year): \(summary)")
        }
    }

    struct Pay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pay the payouts accrued for a year to the households: 215 / member → 102.")
        @Option(help: "The year whose payouts are paid.")
        var year: Int
        @Option(help: "Payment date (YYYY-MM-DD), on or after 31 December of the year.")
        var date: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let day = try Day(parsing: date, field: "date")
            let summary = try await Session.run(global, needs: .operation(.loanEquity)) { session in
                try await session.describe(try await session.ledger.payLoanEquityPayouts(year: year, date: day, in: try await session.coop()))
            }
            print("loan-equity payouts \(year) paid: \(summary)")
        }
    }

    struct Repay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return a household's principal and end the contract.")
        @Option(help: "The household's member number.")
        var member: String
        @Option(help: "Which contract, if the member has several.")
        var contract: Int64?
        @Option(help: "Repayment date (YYYY-MM-DD).")
        var date: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let number = try MemberNumber(parsing: member, field: "member")
            let day = try Day(parsing: date, field: "date")
            let text = try await Session.run(global, needs: .operation(.loanEquity)) { session in
                let (id, outcome) = try await session.ledger.repayLoanEquity(member: number, contract: contract, date: day, in: try await session.coop())
                return "contract \(id): " + (try await session.describe(outcome, key: SystemKey.loanEquityRepaid(contract: id)))
            }
            print(text)
        }
    }
}
