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
        case .general, .purchase, .purchasePayment, .sale, .salePayment, .costTransfer: .bookkeeper
        default: .admin
        }
    }
}

/// Who a request is: a role, for one cooperative or (admin) for all.
public struct Identity: Sendable, Equatable {
    public let tokenID: Int64
    public let role: Role
    /// Nil: every cooperative.
    public let coop: CoopCode?

    public init(tokenID: Int64, role: Role, coop: CoopCode?) {
        self.tokenID = tokenID
        self.role = role
        self.coop = coop
    }

    public func canSee(_ code: CoopCode) -> Bool { coop == nil || coop == code }
}
