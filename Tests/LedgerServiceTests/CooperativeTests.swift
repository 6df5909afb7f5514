import LedgerCore
import LedgerService
import Testing
import TestSupport

@Suite struct CooperativeTests {
    @Test func creatingTheSameCooperativeTwiceIsANoOpButOtherSettingsConflict() async throws {
        try await LedgerFixture.with { fixture in
            let same = try Cooperative(code: fixture.coop, name: "测试合作社", settings: .standard)
            #expect(try await fixture.ledger.createCooperative(same) == .alreadyPresent)
            let other = try Cooperative(code: fixture.coop, name: "另一个", settings: .standard)
            await #expect(throws: LedgerError.self) { try await fixture.ledger.createCooperative(other) }
        }
    }

    @Test func onlyCooperativeIsChosenWhenNoneIsNamedButSeveralNeedAName() async throws {
        try await LedgerFixture.with { fixture in
            #expect(try await fixture.ledger.resolveCooperative(nil) == fixture.coop)
            _ = try await fixture.ledger.createCooperative(try Cooperative(code: CoopCode(parsing: "second"), name: "二社", settings: .standard))
            do {
                _ = try await fixture.ledger.resolveCooperative(nil)
                Issue.record("ambiguous cooperative chosen")
            } catch let error as LedgerError {
                #expect(error.code == .ambiguousCooperative)
            }
            await #expect(throws: LedgerError.self) { try await fixture.ledger.resolveCooperative("missing") }
        }
    }

    @Test func membersRoundTripWithMaskedIDNumbers() async throws {
        try await LedgerFixture.with { fixture in
            let member = try Member(number: MemberNumber(40), name: "李秀兰", idNumber: "62040219800101123X", isPoorHousehold: true, joinedOn: LedgerFixture.day("2024-03-01"))
            #expect(try await fixture.ledger.addMember(member, to: fixture.coop) == .created)
            #expect(try await fixture.ledger.addMember(member, to: fixture.coop) == .alreadyPresent)
            let stored = try await fixture.ledger.members(of: fixture.coop).first { $0.number == MemberNumber(40) }
            #expect(stored == member)
            #expect(stored?.maskedIDNumber == "620***********123X")
            let listed = MemberRendering.render([member], as: .json, showID: false)
            #expect(!listed.contains("62040219800101123X"))
        }
    }

    @Test func sampleCooperativeLoadsOnceAndBalances() async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool()
            let ledger = Ledger(pool: pool, logger: .init(label: "test"))
            let posted = try await SampleCooperative.load(into: ledger)
            #expect(posted > 0)
            #expect(try await SampleCooperative.load(into: ledger) == 0)
            let balance = try await ledger.trialBalance(of: SampleCooperative.code, asOf: nil)
            #expect(balance.isBalanced)
            // Hand-checked: capital 10,500 + 11,000 + … + 14,000 = 98,000.00 in 301.
            let capital = try Money.sum(balance.lines.filter { $0.account == AccountCode("301") }.map(\.credit))
            #expect(capital == Money(fen: 9_800_000))
            await pool.close()
        }
    }
}
