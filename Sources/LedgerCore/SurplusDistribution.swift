/// The charter's rules for the yearly distribution (law arts. 42 and 44).
public struct DistributionSettings: Hashable, Sendable {
    /// How the statutory reserve drawn in a year is quantified to members (law art. 42).
    public enum ReserveQuantification: String, Sendable, CaseIterable {
        /// In proportion to patronage (the charter default).
        case patronage
        /// In proportion to capital.
        case capital
        /// Not quantified to members.
        case none
    }

    public let charter: CharterSettings
    /// Which kinds of dealings with members count as patronage (default: purchases from
    /// and sales to members; land fees only if the charter says so).
    public let patronageKinds: Set<EntryKind>
    public let reserveQuantification: ReserveQuantification

    public static let patronageKindsDefault: Set<EntryKind> = [.purchase, .sale]
    /// Kinds a charter may count as patronage: each moves the member's 114 account.
    public static let patronageKindsAllowed: Set<EntryKind> = [.purchase, .sale, .landFeeAccrual]

    public init(charter: CharterSettings, patronageKinds: Set<EntryKind> = patronageKindsDefault, reserveQuantification: ReserveQuantification = .patronage)
        throws(LedgerError)
    {
        guard !patronageKinds.isEmpty, patronageKinds.isSubset(of: Self.patronageKindsAllowed) else {
            throw LedgerError(
                .charterRule, field: "patronage-kinds", value: patronageKinds.map(\.rawValue).sorted().joined(separator: ","),
                rule: "patronage counts one or more of: \(Self.patronageKindsAllowed.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        self.charter = charter
        self.patronageKinds = patronageKinds
        self.reserveQuantification = reserveQuantification
    }
}

/// What the distribution reads from the journal for year Y.
public struct DistributionInputs: Sendable, Equatable {
    public struct MemberWeights: Sendable, Equatable {
        public let member: MemberNumber
        /// The member's patronage amount in the year, in fen.
        public let patronage: Money
        /// Capital at the end of the year plus reserve and subsidy shares quantified before it.
        public let capital: Money
        /// Left during the year: refunded for their patronage while a member (law art. 28),
        /// but given no capital or reserve share, their contribution and reserve share having
        /// been returned when they left.
        public let hasLeft: Bool

        public init(member: MemberNumber, patronage: Money, capital: Money, hasLeft: Bool = false) {
            self.member = member
            self.patronage = patronage
            self.capital = capital
            self.hasLeft = hasLeft
        }
    }

    public let year: Int
    /// S: credits minus debits of the profit-and-loss accounts dated in the year.
    public let surplus: Money
    /// L: undistributed surplus carried in (negative: an accumulated loss).
    public let carriedIn: Money
    public let members: [MemberWeights]

    public init(year: Int, surplus: Money, carriedIn: Money, members: [MemberWeights]) {
        self.year = year
        self.surplus = surplus
        self.carriedIn = carriedIn
        self.members = members
    }
}

/// The result of the statutory distribution, exact to the fen.
public struct Distribution: Sendable, Equatable {
    public struct MemberShare: Sendable, Equatable {
        public let member: MemberNumber
        public let patronageWeight: Money
        public let patronageRefund: Money
        public let capitalWeight: Money
        public let capitalDistribution: Money
        public let reserveShare: Money

        public init(member: MemberNumber, patronageWeight: Money, patronageRefund: Money, capitalWeight: Money, capitalDistribution: Money, reserveShare: Money)
        {
            self.member = member
            self.patronageWeight = patronageWeight
            self.patronageRefund = patronageRefund
            self.capitalWeight = capitalWeight
            self.capitalDistribution = capitalDistribution
            self.reserveShare = reserveShare
        }
    }

    public let year: Int
    public let settings: DistributionSettings
    public let surplus: Money // S
    public let carriedIn: Money // L
    public let reserve: Money // R
    public let distributable: Money // D
    public let patronagePool: Money // P
    public let capitalPool: Money // Q
    /// Whether each pool found members to go to (a pool whose weights sum to zero stays).
    public let isPatronagePoolDistributed: Bool
    public let isCapitalPoolDistributed: Bool
    public let isReserveQuantified: Bool
    /// Members with a non-zero weight or share, by member number.
    public let members: [MemberShare]

    public init(
        year: Int, settings: DistributionSettings, surplus: Money, carriedIn: Money, reserve: Money, distributable: Money,
        patronagePool: Money, capitalPool: Money, isPatronagePoolDistributed: Bool, isCapitalPoolDistributed: Bool,
        isReserveQuantified: Bool, members: [MemberShare]
    ) {
        self.year = year
        self.settings = settings
        self.surplus = surplus
        self.carriedIn = carriedIn
        self.reserve = reserve
        self.distributable = distributable
        self.patronagePool = patronagePool
        self.capitalPool = capitalPool
        self.isPatronagePoolDistributed = isPatronagePoolDistributed
        self.isCapitalPoolDistributed = isCapitalPoolDistributed
        self.isReserveQuantified = isReserveQuantified
        self.members = members
    }

    /// What is handed out to members this year.
    public var patronageDistributed: Money { Self.handedOut(patronagePool, isDistributed: isPatronagePoolDistributed) }
    public var capitalDistributed: Money { Self.handedOut(capitalPool, isDistributed: isCapitalPoolDistributed) }

    /// A pool is handed out whole, or not at all (when no member has a weight in it).
    public static func handedOut(_ pool: Money, isDistributed: Bool) -> Money { isDistributed ? pool : .zero }

    /// What stays in 未分配盈余 after the run: D less what was handed out (all of L + S − R
    /// when D ≤ 0, so a loss carries forward).
    public var undistributed: Money {
        Money(fen: distributable.fen - patronageDistributed.fen - capitalDistributed.fen)
    }

    public var hasNothingToDistribute: Bool { distributable.fen <= 0 }

    /// What the run says beyond its figures: pools that stayed, a loss carried forward.
    public var notes: [String] {
        var notes: [String] = []
        if hasNothingToDistribute {
            notes.append("distributable surplus is \(distributable): nothing is distributed; it carries forward")
        } else {
            if !isPatronagePoolDistributed { notes.append("no member has patronage in \(year): the patronage pool \(patronagePool) stays undistributed") }
            if !isCapitalPoolDistributed && capitalPool.fen > 0 { notes.append("no member has capital: the capital pool \(capitalPool) stays undistributed") }
        }
        if reserve.fen > 0 && !isReserveQuantified { notes.append("the reserve \(reserve) is not quantified to members") }
        return notes
    }

    /// The weights each pool was split by (negative weights count as zero).
    public var totalPatronageWeight: Money { Self.total(members.map(\.patronageWeight)) }
    public var totalCapitalWeight: Money { Self.total(members.map(\.capitalWeight)) }

    /// The positive weights' sum, for showing the split. Summed wide, as the split itself is
    /// (LargestRemainder), so no set of weights can trap; a sum past Int64 (unreachable with
    /// the amount limits) shows as Int64.max rather than ending the process.
    private static func total(_ weights: [Money]) -> Money {
        Money(fen: Int64(clamping: weights.reduce(Int128(0)) { $0 + Int128(max($1.fen, 0)) }))
    }
}

/// The algorithm of docs/domain.md, "The yearly surplus distribution", as a pure function.
public enum SurplusDistribution {
    public static func compute(_ inputs: DistributionInputs, settings: DistributionSettings) throws(LedgerError) -> Distribution {
        let charter = settings.charter
        let surplus = inputs.surplus
        let carriedIn = inputs.carriedIn
        // 3. Reserve base B = S + min(L, 0); R = round(max(B, 0) × r).
        let base = try surplus.adding(Money(fen: min(carriedIn.fen, 0)), field: "surplus")
        let reserve = Money(fen: try Rounding.scale(max(base.fen, 0), by: Int64(charter.reserveRate.value), over: 10_000, field: "reserve"))
        // 4. D = S + L − R.
        let distributable = try surplus.adding(carriedIn, field: "surplus").adding(try reserve.negated(), field: "surplus")

        var patronagePool = Money.zero
        var capitalPool = Money.zero
        if distributable.fen > 0 {
            // 5. P = round(D × p), but never below the law's 60% of D (art. 44): rounding
            // down at exactly 60% could otherwise leave it a fen short.
            let rounded = try Rounding.scale(distributable.fen, by: Int64(charter.patronageShare.value), over: 10_000, field: "patronage pool")
            let statutoryMinimum = try ceilingScale(distributable.fen, by: Int64(CharterSettings.patronageShareMin.value), over: 10_000)
            patronagePool = Money(fen: max(rounded, statutoryMinimum))
            // 6. Q = round(D × c), at most what P leaves of D (two half-fen round-ups could
            // otherwise hand out one fen more than D).
            let capital = try Rounding.scale(distributable.fen, by: Int64(charter.capitalShare.value), over: 10_000, field: "capital pool")
            capitalPool = Money(fen: min(capital, distributable.fen - patronagePool.fen))
        }

        // 8. Members with zero (or negative) weight get nothing.
        var patronageWeights: [MemberNumber: Int64] = [:]
        var capitalWeights: [MemberNumber: Int64] = [:]
        var reservePatronageWeights: [MemberNumber: Int64] = [:]
        for member in inputs.members {
            patronageWeights[member.member] = max(member.patronage.fen, 0)
            capitalWeights[member.member] = member.hasLeft ? 0 : max(member.capital.fen, 0)
            reservePatronageWeights[member.member] = member.hasLeft ? 0 : max(member.patronage.fen, 0)
        }
        let refunds = try LargestRemainder.split(patronagePool, by: patronageWeights)
        let capitalShares = try LargestRemainder.split(capitalPool, by: capitalWeights)
        // 7. R is quantified to members by the charter's weights.
        let reserveShares: [MemberNumber: Money]? =
            switch settings.reserveQuantification {
            case .patronage: try LargestRemainder.split(reserve, by: reservePatronageWeights)
            case .capital: try LargestRemainder.split(reserve, by: capitalWeights)
            case .none: nil
            }

        let shares = inputs.members.sorted { $0.member < $1.member }.compactMap { member -> Distribution.MemberShare? in
            let share = Distribution.MemberShare(
                member: member.member, patronageWeight: member.patronage,
                patronageRefund: refunds?[member.member] ?? .zero,
                capitalWeight: member.capital,
                capitalDistribution: capitalShares?[member.member] ?? .zero,
                reserveShare: reserveShares?[member.member] ?? .zero
            )
            let isEmpty = share.patronageWeight.isZero && share.capitalWeight.isZero && share.reserveShare.isZero
            return isEmpty ? nil : share
        }
        return Distribution(
            year: inputs.year, settings: settings, surplus: surplus, carriedIn: carriedIn, reserve: reserve,
            distributable: distributable, patronagePool: patronagePool, capitalPool: capitalPool,
            isPatronagePoolDistributed: refunds != nil, isCapitalPoolDistributed: capitalShares != nil,
            isReserveQuantified: reserveShares != nil, members: shares
        )
    }

    /// ceil(value × numerator / denominator) for non-negative values.
    private static func ceilingScale(_ value: Int64, by numerator: Int64, over denominator: Int64) throws(LedgerError) -> Int64 {
        let product = try Rounding.product([value, numerator], field: "patronage pool")
        return Int64((product + Int128(denominator) - 1) / Int128(denominator))
    }
}
