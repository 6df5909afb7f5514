/// What a token may do (contract: auditor reads; bookkeeper reads and posts; admin also
/// manages members, contracts and runs).
public enum Role: String, Sendable, CaseIterable, Comparable {
    case auditor
    case bookkeeper
    case admin

    private var rank: Int {
        switch self {
        case .auditor: 0
        case .bookkeeper: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Who may reverse an entry of this kind on its own: a bookkeeper the day-to-day entries
    /// they post, an admin the rest (contracts' accruals and payments, capital, subsidies).
    public static func toReverse(_ kind: EntryKind) -> Role {
        switch kind {
        case .general, .purchase, .purchasePayment, .sale, .salePayment, .costTransfer, .payroll, .payrollPayment, .depreciation: .bookkeeper
        default: .admin
        }
    }
}

/// Who a request is: the person a token (or a signed-in page) acts as, with their roles in
/// its cooperative (or, for a token of every cooperative, their roles in every one).
public struct Identity: Sendable, Equatable {
    public let login: Login
    public let roles: Set<PersonRole>
    /// Nil: every cooperative.
    public let coop: CoopCode?

    /// Nil when the person holds no role there: such a token opens nothing.
    public init?(login: Login, roles: Set<PersonRole>, coop: CoopCode?) {
        guard !roles.isEmpty else { return nil }
        self.login = login
        self.roles = roles
        self.coop = coop
    }

    /// The widest access the person's roles give.
    public var role: Role { roles.map(\.access).max()! }

    public var canApprove: Bool { !roles.isDisjoint(with: PersonRole.approving) }

    public func canSee(_ code: CoopCode) -> Bool { coop == nil || coop == code }

    /// The one access rule of the API and the pages alike: another cooperative's books are
    /// not there at all (`notFound`), and a role too narrow is `forbidden`.
    public func require(_ needed: Role, in code: CoopCode) throws(AccessRefusal) {
        guard canSee(code) else { throw .notFound }
        guard role >= needed else { throw .forbidden(needed: needed, held: role) }
    }
}

public enum AccessRefusal: Error, Sendable, Equatable {
    case notFound
    case forbidden(needed: Role, held: Role)
}
