import Foundation
import LedgerCore
import LedgerStore
import Postgres

/// Sub-accounts (明细科目) a cooperative keeps under the standard chart. The database keeps
/// the same rules (016_sub_accounts.sql); these say which one a request breaks first.
extension Ledger {
    public static let accountNameLengthMax = 50

    /// Adds `code` under `parent`: two more digits, the parent's kind and member rule. The
    /// parent becomes a heading; the ledger's own entries that name it post to its first
    /// sub-account until another is chosen (`setDefaultSubAccount`). A parent that held a
    /// balance hands it to its first sub-account by an entry of its own, dated `date` (today
    /// by default), in the same transaction: nothing is left stranded on a heading.
    public func addSubAccount(_ code: AccountCode, name: String, under parent: AccountCode, date: Day? = nil, in coop: CoopCode) async throws -> CreateOutcome {
        let name = try Self.accountName(name)
        let date = try date ?? Today.day()
        return try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: "add accounts", on: connection)
            let accounts = AccountRepository(connection, coop: coop)
            let chart = try accounts.chart()
            if let existing = chart[code] {
                guard existing.parent == parent, existing.name == name else {
                    throw LedgerError(.duplicate, field: "code", value: code.rawValue, rule: "the chart has \(code) \(existing.name) already")
                }
                return .alreadyPresent
            }
            guard let heading = chart[parent] else {
                throw LedgerError(.unknownAccount, field: "parent", value: parent.rawValue, rule: "no such account in this cooperative's chart")
            }
            guard code.rawValue.hasPrefix(parent.rawValue), code.rawValue.utf8.count == parent.rawValue.utf8.count + 2 else {
                throw LedgerError(
                    .invalidValue, field: "code", value: code.rawValue, rule: "a sub-account of \(parent) is numbered \(parent)NN (two more digits)")
            }
            guard heading.memberRule == .none, heading.kind != .equity else {
                throw LedgerError(
                    .invalidValue, field: "parent", value: parent.rawValue,
                    rule:
                        "\(heading.name) takes no sub-accounts: its member detail accounts are its sub-accounts, or owners' equity is read by its standard codes"
                )
            }
            guard heading.isActive else {
                throw LedgerError(.invalidValue, field: "parent", value: parent.rawValue, rule: "\(heading.name) is deactivated")
            }
            try accounts.insertSubAccount(code, name: name, under: parent)
            // The parent stays postable until this transaction commits (sql/022). Its whole
            // balance moves, on the day asked or after its last posting, whichever is later.
            let own = heading.isPostable ? try StatementQuery(connection, coop: coop).ownTotal(of: parent) : (balance: .zero, lastDay: nil)
            if !own.balance.isZero {
                let balance = own.balance
                let entry = try JournalEntry(
                    key: SystemKey.subAccountOpening(code), date: max(date, own.lastDay ?? date),
                    memo: "\(parent) \(heading.name)余额转入明细科目 \(code) \(name)",
                    lines: [PostingLine(account: parent, amount: try balance.negated()), PostingLine(account: code, amount: balance)],
                    kind: .subAccountOpening
                )
                _ = try Self.post(entry, to: coop, on: connection)
            }
            return .created
        }
    }

    public func renameAccount(_ code: AccountCode, to name: String, in coop: CoopCode) async throws {
        let name = try Self.accountName(name)
        try await ownAccount(code, in: coop, to: "rename accounts") { accounts, _ in try accounts.rename(code, to: name) }
    }

    /// A deactivated sub-account takes no new postings; its balance stays where it is.
    public func setAccountActive(_ isActive: Bool, _ code: AccountCode, in coop: CoopCode) async throws {
        try await ownAccount(code, in: coop, to: "deactivate accounts") { accounts, account in
            if !isActive, let parent = account.parent, try accounts.chart()[parent]?.postsTo == code {
                throw LedgerError(
                    .invalidValue, field: "code", value: code.rawValue,
                    rule: "\(parent)'s own entries post to it; choose another with `account default` first")
            }
            try accounts.setActive(isActive, code)
        }
    }

    /// The sub-account the ledger's own entries post to when they name its parent.
    public func setDefaultSubAccount(_ code: AccountCode, in coop: CoopCode) async throws {
        try await ownAccount(code, in: coop, to: "choose default sub-accounts") { accounts, account in
            guard account.isActive, let parent = account.parent else {
                throw LedgerError(.invalidValue, field: "code", value: code.rawValue, rule: "an active sub-account is its parent's default")
            }
            try accounts.setPostsTo(code, for: parent)
        }
    }

    private func ownAccount(
        _ code: AccountCode, in coop: CoopCode, to action: String,
        _ change: @escaping @Sendable (AccountRepository, Account) throws -> Void
    ) async throws {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: action, on: connection)
            let accounts = AccountRepository(connection, coop: coop)
            guard let account = try accounts.chart()[code] else {
                throw LedgerError(.unknownAccount, field: "code", value: code.rawValue, rule: "no such account in this cooperative's chart")
            }
            guard !account.isStandard else {
                throw LedgerError(.recordProtected, field: "code", value: code.rawValue, rule: "a standard account stays as the standard has it")
            }
            try change(accounts, account)
        }
    }

    static func accountName(_ text: String) throws -> String {
        try DisplayName.checked(text, what: "an account's name", lengthMax: accountNameLengthMax)
    }
}
