import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct AssetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asset",
        abstract: "The asset register (固定资产, 生产性生物资产): barns, equipment, sows and boars; depreciation and disposal.",
        subcommands: [Add.self, Build.self, List.self, Show.self, Depreciate.self, Dispose.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enter an asset and book its acquisition (151 or 142; from 102, 153 or 141).",
            discussion: """
                Depreciation is straight line to --salvage over --life-months, from the month after --acquired, \
                charged to --cost-account (401 生产成本 by default; 523 管理费用 for administration). --from: bank \
                (102, default), construction (153 在建工程, finished) or gilts (141, gilts that start breeding, at \
                their carrying value), or opening (brought in by the opening balances of a cooperative \
                moving in, which carry its cost and depreciation: give --depreciated and --months-depreciated \
                as of the opening; no entry is posted). Admin only.
                """
        )
        @Option(help: "fixed (151 固定资产) or breeding (142 生产性生物资产).")
        var `class`: AssetClass
        @Option(help: "What it is (猪舍, 母猪 …).")
        var name: String
        @Option(help: "Its cost, in yuan.")
        var cost: String
        @Option(help: "The day it was acquired (YYYY-MM-DD).")
        var acquired: String
        @Option(help: "Useful life in months.")
        var lifeMonths: Int
        @Option(help: "What it is worth at the end of its life (default 0).")
        var salvage: String = "0"
        @Option(help: "Heads in a breeding batch (default 1).")
        var count: Int = 1
        @Option(help: "Where its depreciation is charged (default 401).")
        var costAccount: String = "401"
        @Option(help: "What paid for it: bank, construction, gilts; or opening.")
        var from: AssetSource = .bank
        @Option(help: "--from opening: its accumulated depreciation at the opening, in yuan.")
        var depreciated: String?
        @Option(help: "--from opening: the months it had been depreciated by then.")
        var monthsDepreciated: Int?
        @Option(help: "Idempotency key: adding the same asset again with it is a no-op.")
        var key: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let acquiredOn = try Day(parsing: acquired, field: "acquired")
            // The opening's date is the ledger's to fill in.
            let broughtIn =
                from != .opening
                ? nil
                : Asset.BroughtIn(
                    on: acquiredOn, depreciation: try Money(parsing: depreciated ?? "0", field: "depreciated"), months: monthsDepreciated ?? 0)
            let asset = try Asset(
                assetClass: `class`, name: name, cost: Money(parsing: cost, field: "cost"), salvage: Money(parsing: salvage, field: "salvage"),
                acquiredOn: acquiredOn, lifeMonths: lifeMonths, headCount: count,
                expenseAccount: AccountCode(parsing: costAccount, field: "cost-account"), source: from, broughtIn: broughtIn
            )
            let clientKey = try ClientKey(key)
            let (number, outcome) = try await Session.run(global, needs: .operation(.manageAssets)) { session in
                try await session.ledger.addAsset(asset, key: clientKey, in: try await session.coop())
            }
            print(
                global.format == .json
                    ? #"{"asset":"A\#(number)","created":\#(outcome == .created)}"#
                    : outcome == .created ? "entered asset A\(number)" : "asset A\(number) exists already with these terms; nothing written")
        }
    }

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book construction costs into 153 在建工程; when it is finished, asset add --from construction.",
            discussion: "Admin only."
        )
        @Option(help: "The cost, in yuan.")
        var amount: String
        @Option(help: "The day (YYYY-MM-DD).")
        var date: String
        @Option(help: "What it was (a memo).")
        var memo: String = ""
        @Option(help: "Paid from this account (default 102).")
        var from: String = "102"
        @Option(help: "Idempotency key.")
        var key: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let amount = try Money(parsing: amount, field: "amount")
            let day = try Day(parsing: date, field: "date")
            let account = try AccountCode(parsing: from, field: "from")
            let clientKey = try ClientKey(key)
            let text = try await Session.run(global, needs: .operation(.manageAssets)) { session in
                try await session.describe(
                    try await session.ledger.bookConstruction(
                        amount: amount, date: day, memo: memo, from: account, key: clientKey,
                        in: try await session.coop()), key: clientKey.rawValue)
            }
            print(text)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The register: each asset's cost, accumulated depreciation and net value.")
        @Option(help: "Labels: zh (default) or en.")
        var lang: Language = .zh
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let text = try await Session.run(global, needs: .operation(.read)) { session in
                let coop = try await session.coop()
                return AssetStatements.register(try await session.ledger.assets(of: coop), coopName: coop.rawValue, language: lang).rendered(as: global.format)
            }
            print(text)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One asset's card: acquisition, each month's depreciation, disposals, what is left.")
        @Argument(help: "The asset (A3, or 3).")
        var asset: String
        @Option(help: "Labels: zh (default) or en.")
        var lang: Language = .zh
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let number = try Asset.number(parsing: asset)
            let text = try await Session.run(global, needs: .operation(.read)) { session in
                let coop = try await session.coop()
                guard let record = try await session.ledger.asset(number, in: coop) else {
                    throw LedgerError(.unknownAsset, field: "asset", value: asset, rule: "no such asset in this cooperative's register")
                }
                return AssetStatements.card(record, coopName: coop.rawValue, language: lang).rendered(as: global.format)
            }
            print(text)
        }
    }

    struct Depreciate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Post a month's depreciation of every asset due one: one voucher, idempotent.",
            discussion: "Months go in order, and a month (or year) closes only once its depreciation is posted."
        )
        @Option(help: "The month (YYYY-MM).")
        var month: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let calendarMonth = try CalendarMonth(parsing: month)
            let text = try await Session.run(global, needs: .operation(.depreciate)) { session -> String in
                guard let outcome = try await session.ledger.depreciate(month: calendarMonth, in: try await session.coop()) else {
                    return "no asset is due depreciation for \(calendarMonth); nothing written"
                }
                return try await session.describe(outcome, key: SystemKey.depreciation(calendarMonth))
            }
            print(text)
        }
    }

    struct Dispose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take an asset (or --count heads of a breeding batch) out of the register.",
            discussion: "A fixed asset goes through 154 固定资产清理; the gain goes to 502 其他收入, a loss to 529 其他支出. Admin only."
        )
        @Argument(help: "The asset (A3, or 3).")
        var asset: String
        @Option(help: "The day (YYYY-MM-DD); the asset must be depreciated through the month before.")
        var date: String
        @Option(help: "What it was sold for, in yuan (0 for none).")
        var proceeds: String
        @Option(help: "Heads of a breeding batch (default: all that are left).")
        var count: Int?
        @Option(help: "sold, culled, died or scrapped.")
        var reason: DisposalReason = .sold
        @Option(help: "Idempotency key.")
        var key: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let number = try Asset.number(parsing: asset)
            let day = try Day(parsing: date, field: "date")
            let amount = try Money(parsing: proceeds, field: "proceeds")
            let clientKey = try ClientKey(key)
            let text = try await Session.run(global, needs: .operation(.manageAssets)) { session in
                let outcome = try await session.ledger.disposeAsset(
                    number, date: day, count: count, proceeds: amount, reason: reason, key: clientKey,
                    in: try await session.coop())
                return try await session.describe(outcome, key: clientKey.rawValue)
            }
            print(text)
        }
    }
}

extension AssetClass: ExpressibleByArgument {}
extension AssetSource: ExpressibleByArgument {}
extension DisposalReason: ExpressibleByArgument {}
