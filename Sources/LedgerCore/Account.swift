/// An account code of the 2022 chart (`101`, `114`) or a sub-account (`33201`).
public struct AccountCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(parsing text: String, field: String) throws(LedgerError) {
        guard (3...9).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw LedgerError(.unknownAccount, field: field, value: text, rule: "an account code is 3 to 9 digits, like 114 or 33201")
        }
        self.rawValue = text
    }

    /// For codes known at compile time.
    public init(_ code: StaticString) {
        self.rawValue = code.description
    }

    public var description: String { rawValue }
    public static func < (lhs: AccountCode, rhs: AccountCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The five classes of the 2022 chart.
public enum AccountKind: String, Sendable, CaseIterable {
    case asset
    case liability
    case equity
    case cost
    case profitAndLoss = "profit_and_loss"
}

/// Whether postings to an account name a member (its per-member detail accounts).
public enum MemberRule: String, Sendable {
    /// Every posting names a member (114 成员往来, 221, 222, 301).
    case required
    /// A posting may name a member (231: loan equity per member, bank loans without).
    case optional
    /// No posting names a member (113 and 211 are for non-members, law art. 41).
    case none
}

public struct Account: Hashable, Sendable {
    public let code: AccountCode
    public let name: String
    public let kind: AccountKind
    public let memberRule: MemberRule
    /// False for headings whose sub-accounts take the postings (332 → 33201, 33202).
    public let isPostable: Bool
    /// The account this one is a sub-account of (明细科目), if any.
    public let parent: AccountCode?
    /// The standard account it rolls up into on the statements (itself, if standard).
    public let standardCode: AccountCode
    /// A deactivated sub-account takes no new postings; its balance stays on the books.
    public let isActive: Bool
    /// For a heading: the sub-account the ledger's own entries post to when they name it.
    public let postsTo: AccountCode?

    public init(
        code: AccountCode, name: String, kind: AccountKind, memberRule: MemberRule, isPostable: Bool,
        parent: AccountCode? = nil, standardCode: AccountCode? = nil, isActive: Bool = true, postsTo: AccountCode? = nil
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.memberRule = memberRule
        self.isPostable = isPostable
        self.parent = parent
        self.standardCode = standardCode ?? code
        self.isActive = isActive
        self.postsTo = postsTo
    }

    public var isStandard: Bool { standardCode == code }
}

/// A cooperative's accounts, by code.
public struct Chart: Sendable {
    public let accounts: [AccountCode: Account]

    public init(_ accounts: [Account]) {
        self.accounts = Dictionary(accounts.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(code: AccountCode) -> Account? { accounts[code] }

    /// Sub-accounts nest at most this deep (a code grows two digits a level, to nine).
    public static let depthMax = 4

    /// Where the ledger's own entries post when they name `code`: the account itself, or for a
    /// heading with sub-accounts, the one it posts to (followed down to a leaf).
    public func leaf(for code: AccountCode) -> AccountCode {
        var current = code
        for _ in 0..<Self.depthMax {
            guard let next = accounts[current]?.postsTo else { return current }
            current = next
        }
        return current
    }

    /// Balances by account summed into their standard accounts, as the statements show them.
    public func rolledUp(_ balances: [AccountCode: Money]) throws(LedgerError) -> [AccountCode: Money] {
        var rolled: [AccountCode: Money] = [:]
        for (code, amount) in balances {
            let standard = accounts[code]?.standardCode ?? code
            rolled[standard] = try (rolled[standard] ?? .zero).adding(amount, field: standard.rawValue)
        }
        return rolled
    }
}
