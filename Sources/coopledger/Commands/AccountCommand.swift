import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "The chart of accounts, and the cooperative's sub-accounts (明细科目).",
        discussion: """
            A sub-account's code is its parent's and two digits (50101 under 501); it takes its \
            parent's kind and member rule, and the parent becomes a heading: postings go to a \
            sub-account, and the ledger's own entries (purchases, costs, runs…) that name the \
            parent go to its default sub-account (the first one, or `account default`). \
            Statements roll sub-accounts up into the standard line. Accounts with member detail \
            and owners' equity take none. Admin only; standard accounts never change.
            """,
        subcommands: [List.self, Add.self, Rename.self, Deactivate.self, Default.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cooperative's accounts (2022 chart and sub-accounts).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let accounts = try await Session.run(global, needs: .operation(.read)) { session in
                try await session.ledger.accounts(of: try await session.coop())
            }
            print(AccountRendering.render(accounts, as: global.format))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a sub-account under an account of the chart.",
            discussion: """
                The parent becomes a heading. If it holds a balance, its first sub-account takes it, by an \
                entry of its own (kind sub_account_opening) dated --date, or the parent's last posting if later.
                """
        )
        @Argument(help: "The new code: the parent's and two digits.") var code: String
        @Option(help: "Its name, e.g. 生猪销售.") var name: String
        @Option(help: "The account it is under.") var parent: String
        @Option(help: "The day the parent's balance moves into it (YYYY-MM-DD; default today).") var date: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let code = try AccountCode(parsing: code, field: "code")
            let parent = try AccountCode(parsing: parent, field: "parent")
            let day = try date.map { try Day(parsing: $0, field: "date") }
            let outcome = try await Session.run(global, needs: .operation(.manageAccounts)) { session in
                try await session.ledger.addSubAccount(code, name: name, under: parent, date: day, in: try await session.coop())
            }
            print(outcome == .created ? "added \(code) \(name) under \(parent)" : "\(code) \(name) exists already; nothing written")
        }
    }

    struct Rename: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a sub-account.")
        @Argument(help: "The sub-account's code.") var code: String
        @Option(help: "Its new name.") var name: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let code = try AccountCode(parsing: code, field: "code")
            try await Session.run(global, needs: .operation(.manageAccounts)) { session in
                try await session.ledger.renameAccount(code, to: name, in: try await session.coop())
            }
            print("renamed \(code) to \(name)")
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop new postings to a sub-account (--undo: allow them again); its balance stays.")
        @Argument(help: "The sub-account's code.") var code: String
        @Flag(help: "Activate it again.") var undo = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let code = try AccountCode(parsing: code, field: "code")
            try await Session.run(global, needs: .operation(.manageAccounts)) { session in
                try await session.ledger.setAccountActive(undo, code, in: try await session.coop())
            }
            print(undo ? "\(code) takes postings again" : "\(code) is deactivated")
        }
    }

    struct Default: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a sub-account the one its parent's entries from operations post to.")
        @Argument(help: "The sub-account's code.") var code: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let code = try AccountCode(parsing: code, field: "code")
            try await Session.run(global, needs: .operation(.manageAccounts)) { session in
                try await session.ledger.setDefaultSubAccount(code, in: try await session.coop())
            }
            print("operations that name its parent post to \(code)")
        }
    }
}
