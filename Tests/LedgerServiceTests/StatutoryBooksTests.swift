import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import LedgerStore
import Postgres
import Testing
import TestSupport

/// Books an auditor can sign: years close in order, nothing is dated behind a closed
/// year, members' quantified shares are ledger quantities, sales count as patronage.
@Suite struct StatutoryBooksTests {
    func day(_ text: String) -> Day { LedgerFixture.day(text) }

    func balances(_ fixture: LedgerFixture) async throws -> String {
        try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil).lines
            .map { "\($0.account) \($0.member?.description ?? "-") \($0.balance)" }.joined(separator: "\n")
    }

    /// Members' detail balance of an account (credit positive) at the end of `through`.
    func memberBalances(_ fixture: LedgerFixture, _ code: String, through: String = "9999-12-31") async throws -> [Int32: Int64] {
        var result: [Int32: Int64] = [:]
        for line in try await fixture.ledger.trialBalance(of: fixture.coop, asOf: day(through)).lines where line.account.rawValue == code {
            if let member = line.member { result[member.value] = -line.balance.fen }
        }
        return result
    }

    /// 2025: capital, pig sales, a loan-equity contract with its payout; 2026 the same.
    func bookTwoYears(_ fixture: LedgerFixture) async throws {
        let ledger = fixture.ledger
        for member in Int32(1)...3 {
            _ = try await ledger.contribute(
                member: MemberNumber(member), amount: Money(fen: Int64(member) * 100_000), source: .other,
                date: day("2025-01-10"), key: try ClientKey("cap-\(member)"), in: fixture.coop)
        }
        _ = try await ledger.addLoanEquity(
            try LoanEquityContract(
                member: MemberNumber(2), principal: Money(fen: 5_000_000), startsOn: day("2025-01-01"),
                years: 3, yearlyPayout: Money(fen: 400_000), treatment: .liability), key: "le-2", in: fixture.coop)
        for year in [2025, 2026] {
            _ = try await ledger.post(
                try JournalEntry(
                    key: "sales-\(year)", date: day("\(year)-06-01"), memo: "pigs",
                    lines: [
                        .debit(.bankDeposits, Money(fen: 2_000_000)), .credit(.operatingRevenue, Money(fen: 2_000_000)),
                    ]), to: fixture.coop)
            let corn = try Purchase(
                member: MemberNumber(1), product: "corn", quantity: Weight(grams: 1_000_000), marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 20_000),
                priceDate: day("\(year)-09-01"), priceSource: "market", premium: BasisPoints(500))
            _ = try await ledger.purchase(corn, date: day("\(year)-09-02"), key: try ClientKey("corn-\(year)"), paidAtOnce: false, in: fixture.coop)
        }
    }

    @Test func yearsCloseInOrderAndNothingIsDatedBehindAClosedYear() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            try await bookTwoYears(fixture)
            // 2025 has entries and is open: 2026 cannot be closed.
            await #expect { try await ledger.postDistribution(year: 2026, in: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .periodOrder }
            _ = try await ledger.accrueLoanEquityPayouts(year: 2025, in: fixture.coop)
            _ = try await ledger.postDistribution(year: 2025, in: fixture.coop)
            _ = try await ledger.accrueLoanEquityPayouts(year: 2026, in: fixture.coop)
            _ = try await ledger.postDistribution(year: 2026, in: fixture.coop)
            // Contracts that reach back: a lease from 2025 and a household's loan equity.
            _ = try await ledger.addLease(
                try Lease(
                    member: MemberNumber(1), area: Area(hundredthsOfMu: 100), yearlyRatePerMu: Money(fen: 200_000),
                    startsOn: day("2025-01-01"), endsOn: nil), key: "lease-1", in: fixture.coop)
            let before = try await balances(fixture)
            let entries = try fixture.entryCount()

            func refusedAsClosed(_ work: () async throws -> Void) async {
                await #expect { try await work() } throws: { ($0 as? LedgerError)?.code == .periodClosed }
            }
            // A posting into 2025, which is closed and behind the closed 2026.
            await refusedAsClosed {
                _ = try await ledger.post(
                    try JournalEntry(
                        key: "late", date: day("2025-06-01"), memo: "late",
                        lines: [
                            .debit(.bankDeposits, Money(fen: 100_000)), .credit(.operatingRevenue, Money(fen: 100_000)),
                        ]), to: fixture.coop)
            }
            // Accruals and a payout for closed years, a reversal and a run dated back.
            await refusedAsClosed { _ = try await ledger.accrueLeaseFees(year: 2025, in: fixture.coop) }
            await refusedAsClosed { _ = try await ledger.accrueLeaseFees(year: 2026, in: fixture.coop) }
            await refusedAsClosed { _ = try await ledger.payLoanEquityPayouts(year: 2025, date: day("2026-01-05"), in: fixture.coop) }
            await refusedAsClosed { _ = try await ledger.reverse(EntryID(1), date: day("2026-12-31"), key: "undo", in: fixture.coop) }
            await #expect(throws: LedgerError.self) { try await ledger.postDistribution(year: 2025, in: fixture.coop) }
            // An import line.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UInt64.random(in: 0...UInt64.max)).csv").path
            try "key,date,memo,account,member,debit,credit\nx,2026-07-01,late,102,,5,\nx,2026-07-01,,501,,,5\n".write(
                toFile: file, atomically: true, encoding: .utf8)
            await #expect(throws: ImportRefused.self) { try await ledger.importJournal(path: file, format: .csv, into: fixture.coop, options: ImportOptions()) }
            // Raw SQL, past Swift's checks: the database refuses it too.
            let connection = try fixture.database.connect(actingAs: "system")
            #expect(throws: PostgresError.self) {
                try connection.execute(
                    unsafeSQL: """
                        BEGIN;
                        INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('test-coop', 9000, '2025-03-01', 'raw');
                        INSERT INTO postings VALUES ('test-coop', 9000, 1, '102', NULL, 1000, '2025-03-01', 'general'), ('test-coop', 9000, 2, '501', NULL, -1000, '2025-03-01', 'general');
                        COMMIT;
                        """)
            }
            try? connection.execute(unsafeSQL: "ROLLBACK")
            #expect(try fixture.entryCount() == entries)
            #expect(try await balances(fixture) == before)
            // Reopening 2025 while 2026 is closed is refused; reversing 2026 first works.
            await #expect { try await ledger.reverseDistribution(year: 2025, in: fixture.coop) } throws: { $0 is LedgerError }
            #expect(throws: PostgresError.self) {
                try connection.execute(unsafeSQL: "UPDATE periods SET closed_at = NULL WHERE coop_id = 'test-coop' AND year = 2025")
            }
            _ = try await ledger.reverseDistribution(year: 2026, in: fixture.coop)
            _ = try await ledger.post(
                try JournalEntry(
                    key: "late-2026", date: day("2026-12-30"), memo: "found",
                    lines: [
                        .debit(.bankDeposits, Money(fen: 100)), .credit(.operatingRevenue, Money(fen: 100)),
                    ]), to: fixture.coop)
        }
    }

    @Test func refusedWritesLeaveTheTrialBalanceByteIdentical() async throws {
        try await LedgerFixture.with { fixture in
            try await bookTwoYears(fixture)
            _ = try await fixture.ledger.accrueLoanEquityPayouts(year: 2025, in: fixture.coop)
            _ = try await fixture.ledger.postDistribution(year: 2025, in: fixture.coop)
            let before = try await balances(fixture)
            // Each new write into the closed 2025 is refused, by name; none is swallowed.
            let late = try JournalEntry(
                key: "late", date: day("2025-12-31"), memo: "late",
                lines: [
                    .debit(.bankDeposits, Money(fen: 100_000)), .credit(.operatingRevenue, Money(fen: 100_000)),
                ])
            await #expect { _ = try await fixture.ledger.post(late, to: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .periodClosed }
            // Accruing the closed year again writes nothing: its payouts are there already.
            let again = try await fixture.ledger.accrueLoanEquityPayouts(year: 2025, in: fixture.coop)
            #expect(again.posted.isEmpty && again.alreadyPosted > 0)
            await #expect {
                _ = try await fixture.ledger.addSubsidy(
                    try Subsidy(amount: Money(fen: 9_000_000), source: .state), date: day("2025-05-01"), key: "s", in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .periodClosed }
            await #expect {
                _ = try await fixture.ledger.sell(
                    try Sale(
                        member: MemberNumber(1), product: "piglets", quantity: Weight(grams: 100_000),
                        price: UnitPrice(tenThousandthsOfYuanPerKilogram: 300_000)),
                    date: day("2025-05-01"), key: "sale", paidAtOnce: true, in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .periodClosed }
            #expect(try await balances(fixture) == before)
        }
    }

    @Test func closingAYearWithADistributableSurplusNeedsItsRun() async throws {
        try await LedgerFixture.with { fixture in
            try await bookTwoYears(fixture)
            await #expect { try await fixture.ledger.closeYear(2025, of: fixture.coop) } throws: { ($0 as? LedgerError)?.code == .charterRule }
            // A loss year closes with period close, and the loss is carried into the next L.
            _ = try await fixture.ledger.post(
                try JournalEntry(
                    key: "vet", date: day("2025-07-01"), memo: "vet",
                    lines: [
                        .debit(.operatingExpenses, Money(fen: 3_000_000)), .credit(.bankDeposits, Money(fen: 3_000_000)),
                    ]), to: fixture.coop)
            #expect(try await fixture.ledger.closeYear(2025, of: fixture.coop) == .created)
            #expect(try await fixture.ledger.closeYear(2025, of: fixture.coop) == .alreadyPresent)
            #expect(try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop).carriedIn == Money(fen: -1_000_000))
        }
    }

    @Test func reserveSharesAreTheMembers322DetailAndSumToTheQuantifiedReserve() async throws {
        try await LedgerFixture.with { fixture in
            try await bookTwoYears(fixture)
            _ = try await fixture.ledger.accrueLoanEquityPayouts(year: 2025, in: fixture.coop)
            let run = try await fixture.ledger.postDistribution(year: 2025, in: fixture.coop)
            let shares = try await memberBalances(fixture, "322")
            #expect(shares.values.reduce(0, +) == run.distribution.reserve.fen)
            for member in run.distribution.members {
                #expect(shares[member.member.value, default: 0] == member.reserveShare.fen)
                let account = try await fixture.ledger.memberAccount(member.member, year: 2025, in: fixture.coop)
                #expect(account.reserveShare == member.reserveShare)
                #expect(account.lines.contains { $0.reserveShare == member.reserveShare } || member.reserveShare.isZero)
            }
            // Next year's capital weight: capital plus the reserve share, each once.
            let next = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop)
            let member1 = try #require(next.members.first { $0.member == MemberNumber(1) })
            #expect(member1.capitalWeight.fen == 100_000 + shares[1, default: 0])
        }
    }

    @Test func convertingReserveIntoCapitalIsNotCountedTwice() async throws {
        try await LedgerFixture.with { fixture in
            try await bookTwoYears(fixture)
            _ = try await fixture.ledger.accrueLoanEquityPayouts(year: 2025, in: fixture.coop)
            _ = try await fixture.ledger.postDistribution(year: 2025, in: fixture.coop)
            let weightBefore = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop).members.first { $0.member == MemberNumber(1) }?
                .capitalWeight
            let share = try #require(try await memberBalances(fixture, "322")[1])
            _ = try await fixture.ledger.post(
                try JournalEntry(
                    key: "convert-1", date: day("2026-03-01"), memo: "公积金转增股金",
                    lines: [
                        .debit(.surplusReserve, member: MemberNumber(1), Money(fen: share)), .credit(.shareCapital, member: MemberNumber(1), Money(fen: share)),
                    ]), to: fixture.coop)
            let weightAfter = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop).members.first { $0.member == MemberNumber(1) }?
                .capitalWeight
            #expect(weightAfter == weightBefore)
            let account = try await fixture.ledger.memberAccount(MemberNumber(1), year: 2026, in: fixture.coop)
            #expect(account.reserveShare == .zero)
            #expect(account.opening.reserveShare == Money(fen: share))
            #expect(account.capitalOther == Money(fen: 100_000 + share))
        }
    }

    @Test func aMemberLeavingGetsContributionAndReserveShareBackAndLeavesTheCapitalPool() async throws {
        try await LedgerFixture.with { fixture in
            try await bookTwoYears(fixture)
            _ = try await fixture.ledger.accrueLoanEquityPayouts(year: 2025, in: fixture.coop)
            _ = try await fixture.ledger.postDistribution(year: 2025, in: fixture.coop)
            let reserve = try #require(try await memberBalances(fixture, "322")[1])
            // After the year's corn (2026-09-02): nothing of theirs is dated on or after the leave.
            let left = try await fixture.ledger.withdraw(member: MemberNumber(1), date: day("2026-09-30"), key: "leave-1", paidAtOnce: false, in: fixture.coop)
            #expect(
                try await fixture.ledger.withdraw(member: MemberNumber(1), date: day("2026-09-30"), key: "leave-1", paidAtOnce: false, in: fixture.coop)
                    == .replayed(left.entryID))
            let account = try await fixture.ledger.memberAccount(MemberNumber(1), year: 2026, in: fixture.coop)
            #expect(account.reserveShare == .zero && account.capitalOther == .zero)
            #expect(account.member.leftOn == day("2026-09-30"))
            #expect(account.lines.contains { $0.reserveShare == Money(fen: -reserve) && $0.capital == Money(fen: -100_000) })
            // Owed to them on 114: their contribution and reserve share (and their 2025 refunds and residual are on 221/222).
            let owed = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil).lines.first {
                $0.account == .memberCurrentAccounts && $0.member == MemberNumber(1)
            }
            #expect(owed?.credit.fen ?? 0 >= 100_000 + reserve)
            let preview = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop)
            #expect(preview.members.first { $0.member == MemberNumber(1) }?.capitalWeight ?? .zero == .zero)
            await #expect(throws: LedgerError.self) {
                try await fixture.ledger.withdraw(member: MemberNumber(1), date: day("2026-10-01"), key: "leave-again", paidAtOnce: false, in: fixture.coop)
            }
        }
    }

    @Test func aSubsidyIsQuantifiedEquallyAndRaisesEachCapitalWeight() async throws {
        try await LedgerFixture.with { fixture in
            try await bookTwoYears(fixture)
            let before = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop)
            let subsidy = try Subsidy(amount: Money(fen: 9_000_000), source: .state, memo: "2026 产业扶持资金")
            let (outcome, members) = try await fixture.ledger.addSubsidy(subsidy, date: day("2026-04-01"), key: "subsidy-1", in: fixture.coop)
            #expect(members == 3)
            #expect(
                try await fixture.ledger.addSubsidy(subsidy, date: day("2026-04-01"), key: "subsidy-1", in: fixture.coop).outcome == .replayed(outcome.entryID))
            let after = try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop)
            for member in Int32(1)...3 {
                let old = before.members.first { $0.member.value == member }?.capitalWeight.fen ?? 0
                let new = after.members.first { $0.member.value == member }?.capitalWeight.fen ?? 0
                #expect(new - old == 3_000_000)
                #expect(try await fixture.ledger.memberAccount(MemberNumber(member), year: 2026, in: fixture.coop).subsidyShare == Money(fen: 3_000_000))
            }
            // A donation of 100.00 among three: 33.34, 33.33, 33.33 (the leftover fen to member 1).
            _ = try await fixture.ledger.addSubsidy(
                try Subsidy(amount: Money(fen: 10_000), source: .donation), date: day("2026-04-02"), key: "gift", in: fixture.coop)
            #expect(try await memberBalances(fixture, "311") == [1: 3_003_334, 2: 3_003_333, 3: 3_003_333])
            #expect(try await fixture.ledger.memberAccount(MemberNumber(1), year: 2026, in: fixture.coop).donationShare == Money(fen: 3_334))
            // A member's 311 line belongs to a subsidy or donation entry only.
            await #expect(throws: Error.self) {
                _ = try await fixture.ledger.post(
                    try JournalEntry(
                        key: "bad-311", date: day("2026-05-01"), memo: "x",
                        lines: [
                            .debit(.bankDeposits, Money(fen: 100)), .credit(.specialFunds, member: MemberNumber(1), Money(fen: 100)),
                        ]), to: fixture.coop)
            }
        }
    }

    @Test func aSaleToAMemberCountsAsPatronage() async throws {
        try await LedgerFixture.with { fixture in
            try await bookTwoYears(fixture)
            func patronage() async throws -> Money {
                try await fixture.ledger.previewDistribution(year: 2026, in: fixture.coop).members.first { $0.member == MemberNumber(1) }?.patronageWeight
                    ?? .zero
            }
            let before = try await patronage()
            let sale = try Sale(
                member: MemberNumber(1), product: "仔猪 piglets", quantity: Weight(grams: 200_000), price: UnitPrice(tenThousandthsOfYuanPerKilogram: 400_000))
            #expect(try sale.amount() == Money(fen: 800_000))
            _ = try await fixture.ledger.sell(sale, date: day("2026-05-01"), key: "sale-1", paidAtOnce: true, in: fixture.coop)
            #expect(try await patronage() == Money(fen: before.fen + 800_000))
            let account = try await fixture.ledger.memberAccount(MemberNumber(1), year: 2026, in: fixture.coop)
            #expect(account.products.contains { $0.direction == .sale && $0.amount == Money(fen: 800_000) && $0.quantity == Weight(grams: 200_000) })
            #expect(account.lines.contains { $0.direction == .sale && $0.amount == Money(fen: 800_000) })
            // Reversed, it counts no more.
            let saleEntry = try #require(try await fixture.ledger.entries(of: fixture.coop, after: EntryID(0), limit: 500).first { $0.entry.key == "sale-1" })
            _ = try await fixture.ledger.reverse(saleEntry.id, date: day("2026-05-02"), key: "sale-1-undo", in: fixture.coop)
            #expect(try await patronage() == before)
        }
    }

    @Test func costsCarryThroughAndLoanEquityPayoutsArePaid() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            _ = try await ledger.post(
                try JournalEntry(
                    key: "feed", date: day("2026-01-05"), memo: "feed",
                    lines: [
                        .debit(.productsAndMaterials, Money(fen: 500_000)), .credit(.bankDeposits, Money(fen: 500_000)),
                    ]), to: fixture.coop)
            _ = try await ledger.carryCost(try CostTransfer(step: .consume, amount: Money(fen: 400_000)), date: day("2026-01-31"), key: "eat", in: fixture.coop)
            _ = try await ledger.carryCost(
                try CostTransfer(step: .finish, amount: Money(fen: 400_000)), date: day("2026-02-28"), key: "raise", in: fixture.coop)
            await #expect {
                try await ledger.carryCost(try CostTransfer(step: .sell, amount: Money(fen: 400_001)), date: day("2026-03-31"), key: "sold", in: fixture.coop)
            } throws: { ($0 as? LedgerError)?.code == .invalidAmount }
            _ = try await ledger.carryCost(try CostTransfer(step: .sell, amount: Money(fen: 300_000)), date: day("2026-03-31"), key: "sold", in: fixture.coop)
            let figures = try await ledger.trialBalance(of: fixture.coop, asOf: nil).lines
            func balance(_ code: AccountCode) -> Money { figures.first { $0.account == code }?.balance ?? .zero }
            #expect(balance(.productsAndMaterials) == Money(fen: 100_000))
            #expect(balance(.productionCosts) == .zero)
            #expect(balance(.consumableBiologicalAssets) == Money(fen: 100_000))
            #expect(balance(.operatingExpenses) == Money(fen: 300_000))

            _ = try await ledger.addLoanEquity(
                try LoanEquityContract(
                    member: MemberNumber(2), principal: Money(fen: 5_000_000), startsOn: day("2026-01-01"),
                    years: 3, yearlyPayout: Money(fen: 400_000), treatment: .liability), key: "le", in: fixture.coop)
            _ = try await ledger.accrueLoanEquityPayouts(year: 2026, in: fixture.coop)
            await #expect(throws: LedgerError.self) { try await ledger.payLoanEquityPayouts(year: 2026, date: day("2026-12-30"), in: fixture.coop) }
            #expect(try await ledger.payLoanEquityPayouts(year: 2026, date: day("2026-12-31"), in: fixture.coop).posted.count == 1)
            #expect(try await ledger.payLoanEquityPayouts(year: 2026, date: day("2026-12-31"), in: fixture.coop).alreadyPosted == 1)
            let after = try await ledger.trialBalance(of: fixture.coop, asOf: nil).lines
            #expect(!after.contains { $0.account == .interestPayable && !$0.balance.isZero })
        }
    }
}

/// Two writes with one key race; the loser replays the winner's row instead of failing.
@Suite struct KeyRaceTests {
    @Test func concurrentAddsOfOneMemberAllSucceedAndOneCreates() async throws {
        try await LedgerFixture.with { fixture in
            let member = try Member(number: MemberNumber(40), name: "同时加入")
            let outcomes = try await withThrowingTaskGroup(of: CreateOutcome.self) { group in
                for _ in 0..<8 { group.addTask { try await fixture.ledger.addMember(member, to: fixture.coop) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .created }.count == 1)
            #expect(outcomes.filter { $0 == .alreadyPresent }.count == 7)
        }
    }

    @Test func concurrentCreatesOfOneCooperativeAllSucceedAndOneCreates() async throws {
        try await LedgerFixture.with { fixture in
            let coop = try Cooperative(code: CoopCode(parsing: "race-coop"), name: "同时创建", settings: .standard)
            let outcomes = try await withThrowingTaskGroup(of: CreateOutcome.self) { group in
                for _ in 0..<8 { group.addTask { try await fixture.ledger.createCooperative(coop) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .created }.count == 1)
            #expect(outcomes.filter { $0 == .alreadyPresent }.count == 7)
        }
    }
}
