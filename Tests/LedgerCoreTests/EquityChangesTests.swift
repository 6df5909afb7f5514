import LedgerCore
import Testing

/// 03表's classification: each entry's net per equity column lands on one 其中 line, by
/// kind, then counter-account, then sign; reversals net out; 年初 + 增加 − 减少 = 年末.
@Suite struct EquityChangesTests {
    func fen(_ value: Int64) -> Money { Money(fen: value) }

    /// Debit-positive nets per account, as the query hands them over.
    func entry(_ movements: inout EquityChanges.Movements, _ kind: EntryKind?, _ accounts: [(String, Int64)]) throws {
        var nets: [AccountCode: Money] = [:]
        for (code, amount) in accounts { nets[try AccountCode(parsing: code, field: "a")] = fen(amount) }
        try movements.add(entryKind: kind, accounts: nets)
    }

    @Test func eachMovementLandsOnItsLineAndReversalsNetOut() throws {
        var movements = EquityChanges.Movements()
        try movements.addOpening(account: AccountCode("301"), net: fen(-10_000))
        try movements.addOpening(account: AccountCode("33202"), net: fen(-500))
        try entry(&movements, .capitalContribution, [("102", 3_000), ("301", -3_000)])
        try entry(&movements, .subsidy, [("102", 900), ("311", -900)])
        try entry(&movements, .donation, [("102", 60), ("311", -60)])
        try entry(&movements, .reserveConversion, [("322", 40), ("301", -40)])
        try entry(&movements, .general, [("322", 25), ("33202", -25)])
        try entry(&movements, .memberWithdrawal, [("301", 1_000), ("322", 5), ("102", -1_005)])
        // The run (S = 2,000 closed through 331), then the reserve entry reversed and posted again.
        try entry(&movements, .yearEndClose, [("501", 2_000), ("331", -2_000)])
        try entry(&movements, .yearEndClose, [("331", 2_000), ("33202", -2_000)])
        try entry(&movements, .surplusDistribution, [("33201", 200), ("322", -200)])
        try entry(&movements, .surplusDistribution, [("33201", -200), ("322", 200)])
        try entry(&movements, .surplusDistribution, [("33201", 200), ("322", -200)])
        try entry(&movements, .surplusDistribution, [("33201", 1_000), ("221", -1_000)])
        try entry(&movements, .surplusDistribution, [("33201", 400), ("222", -400)])
        try entry(&movements, .surplusDistribution, [("33202", 1_600), ("33201", -1_600)])
        movements.surplus = fen(2_000)

        #expect(movements.amount(.memberContributions, column: "share_capital") == fen(3_040))
        #expect(movements.amount(.stateSubsidies, column: "special_funds") == fen(900))
        #expect(movements.amount(.donations, column: "special_funds") == fen(60))
        #expect(movements.amount(.reserveIntoCapital, column: "surplus_reserve") == fen(40))
        #expect(movements.amount(.lossCovered, column: "surplus_reserve") == fen(25))
        #expect(movements.amount(.otherIncreases, column: "undistributed_surplus") == fen(25))
        #expect(movements.amount(.memberWithdrawals, column: "share_capital") == fen(1_000))
        #expect(movements.amount(.memberWithdrawals, column: "surplus_reserve") == fen(5))
        #expect(movements.amount(.reserveDrawn, column: "surplus_reserve") == fen(200), "the reversal nets the first reserve entry out")
        #expect(movements.amount(.reserveAppropriated, column: "undistributed_surplus") == fen(200))
        #expect(movements.amount(.patronageRefunds, column: "undistributed_surplus") == fen(1_000))
        #expect(movements.amount(.residualDistribution, column: "undistributed_surplus") == fen(400))

        let statement = try EquityChanges.build(movements, coopName: "c", year: 2026, language: .zh)
        func amount(_ key: String, _ column: String) -> Money? { statement.amount(key, column: column) }
        #expect(amount("surplus_of_the_year", "undistributed_surplus") == fen(2_000), "本年盈余 is S, not revenue")
        #expect(amount("closing", "share_capital") == fen(10_000 + 3_000 + 40 - 1_000))
        #expect(amount("closing", "special_funds") == fen(960))
        #expect(amount("closing", "surplus_reserve") == fen(200 - 40 - 25 - 5))
        #expect(amount("closing", "undistributed_surplus") == fen(500 + 25 + 2_000 - 200 - 1_000 - 400))
        #expect(amount("closing", "total") == fen(12_040 + 960 + 130 + 925))
    }

    /// As the form has it: a negative 本年盈余, not a decrease line of its own.
    @Test func aLossYearShowsTheLossAsANegativeSurplusOfTheYear() throws {
        var movements = EquityChanges.Movements()
        movements.surplus = fen(-700)
        let statement = try EquityChanges.build(movements, coopName: "c", year: 2026, language: .en)
        #expect(statement.amount("surplus_of_the_year", column: "undistributed_surplus") == fen(-700))
        #expect(statement.amount("closing", column: "undistributed_surplus") == fen(-700))
    }
}
