import LedgerCore
import TestSupport
import Testing

@Suite struct SurplusDistributionTests {
    static let standard = try! DistributionSettings(charter: .standard)

    func weights(_ pairs: [(Int32, Int64, Int64)]) -> [DistributionInputs.MemberWeights] {
        pairs.map { .init(member: MemberNumber($0.0), patronage: Money(fen: $0.1), capital: Money(fen: $0.2)) }
    }

    func run(surplus: Int64, carriedIn: Int64 = 0, _ members: [(Int32, Int64, Int64)], settings: DistributionSettings = standard) throws -> Distribution {
        try SurplusDistribution.compute(
            DistributionInputs(year: 2026, surplus: Money(fen: surplus), carriedIn: Money(fen: carriedIn), members: weights(members)), settings: settings)
    }

    @Test func handCheckedSmallCooperative() throws {
        // S = 10,000.00, L = 0: R = 1,000.00, D = 9,000.00, P = 5,400.00, Q = 3,600.00.
        // Patronage 1:2 → 1,800.00 / 3,600.00; capital 3:1 → 2,700.00 / 900.00.
        let result = try run(surplus: 1_000_000, [(1, 100, 300), (2, 200, 100)])
        #expect(result.reserve == Money(fen: 100_000))
        #expect(result.distributable == Money(fen: 900_000))
        #expect(result.patronagePool == Money(fen: 540_000))
        #expect(result.capitalPool == Money(fen: 360_000))
        #expect(result.undistributed == .zero)
        #expect(result.members.map(\.patronageRefund) == [Money(fen: 180_000), Money(fen: 360_000)])
        #expect(result.members.map(\.capitalDistribution) == [Money(fen: 270_000), Money(fen: 90_000)])
        #expect(result.members.map(\.reserveShare) == [Money(fen: 33_333), Money(fen: 66_667)])
    }

    @Test func lossYearDistributesNothingAndCarriesTheLoss() throws {
        let result = try run(surplus: -50_000, carriedIn: 20_000, [(1, 100, 100)])
        #expect(result.reserve == .zero)
        #expect(result.distributable == Money(fen: -30_000))
        #expect(result.hasNothingToDistribute)
        #expect(result.patronagePool == .zero && result.capitalPool == .zero)
        #expect(result.undistributed == Money(fen: -30_000))
        #expect(result.members.allSatisfy { $0.patronageRefund.isZero && $0.capitalDistribution.isZero })
    }

    @Test func priorLossFullyCoveredLowersTheReserveBase() throws {
        // L = −1,000, S = 5,000: B = 4,000, R = 400, D = 3,600.
        let result = try run(surplus: 500_000, carriedIn: -100_000, [(1, 1, 1)])
        #expect(result.reserve == Money(fen: 40_000))
        #expect(result.distributable == Money(fen: 360_000))
    }

    @Test func priorLossPartlyCoveredLeavesNothingToDistribute() throws {
        // L = −6,000, S = 5,000: B = −1,000, R = 0, D = −1,000.
        let result = try run(surplus: 500_000, carriedIn: -600_000, [(1, 1, 1)])
        #expect(result.reserve == .zero)
        #expect(result.distributable == Money(fen: -100_000))
        #expect(result.undistributed == Money(fen: -100_000))
    }

    @Test func distributableExactlyZeroDistributesNothing() throws {
        let settings = try DistributionSettings(
            charter: CharterSettings(reserveRate: BasisPoints(0), patronageShare: BasisPoints(6_000), capitalShare: BasisPoints(4_000)))
        let result = try run(surplus: 300, carriedIn: -300, [(1, 5, 5)], settings: settings)
        #expect(result.distributable == .zero)
        #expect(result.patronagePool == .zero)
    }

    @Test func memberWithZeroPatronageGetsNoRefundButACapitalShare() throws {
        let result = try run(surplus: 1_000_000, [(1, 0, 500), (2, 700, 500)])
        #expect(result.members[0].patronageRefund == .zero)
        #expect(result.members[1].patronageRefund == result.patronagePool)
        #expect(result.members[0].capitalDistribution == Money(fen: 180_000))
    }

    @Test func allZeroPatronageLeavesThePoolUndistributedAndSaysSo() throws {
        let result = try run(surplus: 1_000_000, [(1, 0, 500), (2, 0, 500)])
        #expect(!result.isPatronagePoolDistributed)
        #expect(result.members.allSatisfy { $0.patronageRefund.isZero })
        #expect(result.undistributed == result.patronagePool)
        #expect(result.notes.contains { $0.contains("patronage pool") })
        #expect(!result.isReserveQuantified)
    }

    @Test func singleMemberTakesBothPools() throws {
        let result = try run(surplus: 123_457, [(9, 42, 7)])
        #expect(result.members.count == 1)
        #expect(result.members[0].patronageRefund == result.patronagePool)
        #expect(result.members[0].capitalDistribution == result.capitalPool)
        #expect(result.members[0].reserveShare == result.reserve)
    }

    @Test func tenThousandTiedMembersSplitExactlyByMemberNumberWhateverTheOrder() throws {
        // Equal weights: the pool does not divide evenly, so 3,333 fen go one each to
        // the lowest member numbers.
        let pool = Money(fen: 10_000 * 57 + 3_333)
        var weights: [MemberNumber: Int64] = [:]
        for number in Int32(1)...10_000 { weights[MemberNumber(number)] = 250 }
        let shares = try #require(try LargestRemainder.split(pool, by: weights))
        #expect(try Money.sum(shares.values) == pool)
        #expect(shares[MemberNumber(1)] == Money(fen: 58))
        #expect(shares[MemberNumber(3_333)] == Money(fen: 58))
        #expect(shares[MemberNumber(3_334)] == Money(fen: 57))
        #expect(shares[MemberNumber(10_000)] == Money(fen: 57))

        // Two groups with tied remainders, members given in shuffled order.
        var generator = SeededGenerator(seed: 7)
        let members = (Int32(1)...10_000).map { number in (number, Int64(number % 2 == 0 ? 3 : 7), Int64(1)) }
        let forward = try run(surplus: 987_654_321, members)
        let shuffled = try run(surplus: 987_654_321, members.shuffled(using: &generator))
        #expect(forward == shuffled)
        #expect(try Money.sum(forward.members.map(\.patronageRefund)) == forward.patronagePool)
        #expect(try Money.sum(forward.members.map(\.capitalDistribution)) == forward.capitalPool)
    }

    @Test func patronagePoolNeverFallsBelowSixtyPercentThroughRounding() throws {
        // D = 2 fen at exactly 60%: round(1.2) = 1 would be 50%; the law's floor gives 2.
        let settings = try DistributionSettings(
            charter: CharterSettings(reserveRate: BasisPoints(0), patronageShare: BasisPoints(6_000), capitalShare: BasisPoints(4_000)))
        let result = try run(surplus: 2, [(1, 1, 1)], settings: settings)
        #expect(result.patronagePool == Money(fen: 2))
        #expect(result.capitalPool == .zero)
    }

    @Test func poolsNeverExceedDistributableWhenBothRoundUp() throws {
        // D = 5 fen at 70/30: round(3.5) + round(1.5) = 6 > 5; Q takes what P leaves.
        let settings = try DistributionSettings(
            charter: CharterSettings(reserveRate: BasisPoints(0), patronageShare: BasisPoints(7_000), capitalShare: BasisPoints(3_000)))
        let result = try run(surplus: 5, [(1, 1, 1)], settings: settings)
        #expect(result.patronagePool.fen + result.capitalPool.fen == 5)
    }

    @Test func randomCooperativesKeepEveryInvariant() throws {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<300 {
            let patronageShare = Int32.random(in: 6_000...10_000, using: &generator)
            let settings = try DistributionSettings(
                charter: CharterSettings(
                    reserveRate: BasisPoints(Int32.random(in: 0...10_000, using: &generator)),
                    patronageShare: BasisPoints(patronageShare),
                    capitalShare: BasisPoints(Int32.random(in: 0...(10_000 - patronageShare), using: &generator))),
                reserveQuantification: [.patronage, .capital, .none].randomElement(using: &generator)!
            )
            let count = Int.random(in: 1...60, using: &generator)
            let members = (0..<count).map { index in
                (
                    Int32(index * 3 + 1), Int64.random(in: -1_000...10_000_000, using: &generator) * (Bool.random(using: &generator) ? 1 : 0),
                    Int64.random(in: 0...50_000_000, using: &generator)
                )
            }
            let result = try run(
                surplus: Int64.random(in: -100_000_000...1_000_000_000_000, using: &generator),
                carriedIn: Int64.random(in: -50_000_000...50_000_000, using: &generator), members, settings: settings)
            let refunds = try Money.sum(result.members.map(\.patronageRefund))
            let residual = try Money.sum(result.members.map(\.capitalDistribution))
            #expect(refunds == result.patronageDistributed)
            #expect(residual == result.capitalDistributed)
            #expect(result.members.allSatisfy { $0.patronageRefund.fen >= 0 && $0.capitalDistribution.fen >= 0 && $0.reserveShare.fen >= 0 })
            if result.distributable.fen > 0 {
                #expect(result.patronagePool.fen * 10 >= result.distributable.fen * 6)
                #expect(result.patronagePool.fen + result.capitalPool.fen <= result.distributable.fen)
            }
            if result.isReserveQuantified {
                #expect(try Money.sum(result.members.map(\.reserveShare)) == result.reserve)
            }
            #expect(result.undistributed.fen == result.surplus.fen + result.carriedIn.fen - result.reserve.fen - refunds.fen - residual.fen)
        }
    }

    @Test func yearEndEntriesBalanceAndStayWithinTheLineLimit() throws {
        let members = (Int32(1)...2_500).map { ($0, Int64($0), Int64(2_501 - $0)) }
        let result = try run(surplus: 9_876_543_210, members)
        let entries = try YearEndEntries.make(
            for: result, profitAndLoss: [AccountCode("501"): Money(fen: -9_900_000_000), AccountCode("521"): Money(fen: 23_456_790)],
            keyPrefix: "dividend:2026:run:1")
        #expect(entries.allSatisfy { $0.lines.count <= Limits.linesPerEntryMax })
        #expect(Set(entries.map(\.key)).count == entries.count)
        let refunds = entries.flatMap(\.lines).filter { $0.account == AccountCode("221") }
        #expect(try Money.sum(refunds.map { try $0.amount.negated() }) == result.patronagePool)
        // 331 and 33201 end at zero; 33202 holds what stays undistributed.
        func net(_ code: AccountCode) throws -> Money { try Money.sum(entries.flatMap(\.lines).filter { $0.account == code }.map(\.amount)) }
        #expect(try net(AccountCode("331")) == .zero)
        #expect(try net(AccountCode("33201")) == .zero)
        #expect(try net(AccountCode("33202")) == Money(fen: -result.undistributed.fen))
    }

    @Test func patronageShareBelowSixtyPercentIsRefused() {
        #expect(throws: LedgerError.self) {
            try CharterSettings(reserveRate: BasisPoints(1_000), patronageShare: BasisPoints(5_900), capitalShare: BasisPoints(4_100))
        }
    }
}
