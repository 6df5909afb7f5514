import LedgerCore
import LedgerRendering
import LedgerService
import SampleBooks
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
            let member = try Member(
                number: MemberNumber(40), name: "李秀兰", idNumber: "62040219800101123X", isPoorHousehold: true, joinedOn: LedgerFixture.day("2024-03-01"))
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
            let ledger = Ledger(pool: pool, logger: .init(label: "test"), actor: .system)
            let posted = try await SampleCooperative.load(into: ledger)
            #expect(posted > 0)
            #expect(try await SampleCooperative.load(into: ledger) == 0)
            let balance = try await ledger.trialBalance(of: SampleCooperative.code, asOf: nil)
            #expect(balance.isBalanced)
            // Hand-checked: 30 members × 10,000 plus 6 × (0 + 5,000 + … + 20,000) = 600,000.00 in 301.
            let capital = try Money.sum(balance.lines.filter { $0.account == AccountCode("301") }.map(\.credit))
            #expect(capital == Money(fen: 60_000_000))

            // Member 2, a poor household: 1.75 mu of land at 2000, 2,137.5 kg of corn at
            // 2.60 + 5%, a 50,000 loan put in as equity paying 4,000 a year.
            let account = try await ledger.memberAccount(MemberNumber(2), year: SampleCooperative.year, in: SampleCooperative.code)
            #expect(account.member.isPoorHousehold)
            #expect(account.landFeesAccrued == Money(fen: 350_000))
            #expect(account.products.first?.amount == Money(fen: 583_538))
            #expect(account.products.first?.premium == Money(fen: 27_788))
            #expect(account.loanEquity.first?.contract.principal == Money(fen: 5_000_000))
            #expect(account.loanEquity.first?.payoutsAccrued == Money(fen: 400_000))
            // Each ties to the trial balance's member detail accounts.
            func line(_ code: String) throws -> TrialBalance.Line? {
                let account = try AccountCode(parsing: code, field: "a"); return balance.lines.first { $0.account == account && $0.member == MemberNumber(2) }
            }
            #expect(try line("231")?.credit == Money(fen: 5_000_000))
            #expect(try line("215") == nil) // both years' payouts paid (215 → 102)
            #expect(try line("114")?.balance == account.currentAccountBalance)

            // The 2026 run quantified 3,181.44 of the reserve to member 2, and the members'
            // reserve shares are all of 322.
            #expect(account.reserveShare == Money(fen: 318_144))
            #expect(account.json(showID: false).rendered.contains("\"reserve_share\":\"3181.44\""))
            let reserve = balance.lines.filter { $0.account == .surplusReserve }
            #expect(reserve.allSatisfy { $0.member != nil })
            #expect(try Money.sum(reserve.map(\.credit)) == Money(fen: 9_842_000))
            // Costs carried through: 401 is empty, 121 holds the corn not yet eaten (60,521.30 of
            // members' and the 8,190.00 bought from three non-member households), 141 the pigs
            // still being fattened; the run's surplus is the year's P&L.
            func total(_ code: AccountCode) -> Money { balance.lines.first { $0.account == code }?.balance ?? .zero }
            #expect(total(.productionCosts) == .zero)
            #expect(total(.productsAndMaterials) == Money(fen: 6_052_130 + 819_000))
            // With the household lease's 3,000.00 of land fees, and 23 months (February 2025 to
            // December 2026) of the farm's depreciation, 2,955.55 a month: 950.00 the barns,
            // 600.00 the feed mill, 1,250.00 the sows, 155.55 the boars.
            #expect(total(.consumableBiologicalAssets) == Money(fen: 13_100_000 + 300_000 + 23 * 295_555))
            #expect(total(AccountCode("152")) == Money(fen: -23 * 155_000))
            #expect(total(AccountCode("143")) == Money(fen: -23 * 140_555))
            let run = try #require(try await ledger.postedDistribution(year: SampleCooperative.year, in: SampleCooperative.code))
            #expect(run.distribution.surplus == Money(fen: 103_220_000))
            #expect(run.distribution.carriedIn == Money(fen: -4_800_000))

            // A Chinese cooperative's vouchers read in Chinese: no English word in a memo the
            // ledger or the demo writes (a household's number, H7, is not a word).
            var after = EntryID(0)
            while case let page = try await ledger.entries(of: SampleCooperative.code, after: after, limit: 500), let last = page.last {
                for stored in page {
                    let letters = stored.entry.memo.unicodeScalars.map { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
                    #expect(!zip(letters, letters.dropFirst()).contains { $0 && $1 }, "\(stored.entry.key): \(stored.entry.memo)")
                }
                after = last.id
            }
            await pool.close()
        }
    }
}
