import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import Postgres
import SampleBooks
import Testing
import TestSupport

/// Issue 29: households (members and the non-members the cooperative deals with), wages per
/// person, and what each household gained, every channel tied to the ledger.
@Suite struct HouseholdBenefitsTests {
    static func day(_ text: String) -> Day { LedgerFixture.day(text) }

    /// A fresh cooperative, as the issue's "done means" has it: member 1 (lifted) and
    /// household H1 (monitored), with a surplus to distribute.
    static func doneMeansBooks(_ ledger: Ledger) async throws -> (coop: CoopCode, household: HouseholdNumber) {
        let coop = try CoopCode(parsing: "benefit-coop")
        _ = try await ledger.createCooperative(try Cooperative(code: coop, name: "受益测试社", settings: .standard))
        let member = MemberNumber(1)
        _ = try await ledger.addMember(try Member(number: member, name: "张三", isPoorHousehold: true, joinedOn: day("2026-01-01")), to: coop)
        let (household, created) = try await ledger.addHousehold(try HouseholdDetails(name: "李四", village: "白银村", poverty: .monitored), in: coop)
        #expect(created == .created && household == HouseholdNumber(1))

        _ = try await ledger.addLease(
            try Lease(member: member, area: Area(hundredthsOfMu: 200), yearlyRatePerMu: Money(fen: 200_000), startsOn: day("2026-01-01"), endsOn: nil),
            key: "lease", in: coop)
        _ = try await ledger.accrueLeaseFees(year: 2026, in: coop)
        func corn(_ seller: Payee, kg: Int64) throws -> Purchase {
            try Purchase(
                seller: seller, product: "corn", quantity: Weight(grams: kg * 1_000), marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 20_000),
                priceDate: day("2026-09-01"), priceSource: "market", premium: BasisPoints(500))
        }
        _ = try await ledger.purchase(try corn(.member(member), kg: 1_000), date: day("2026-09-01"), key: try ClientKey("corn-1"), paidAtOnce: false, in: coop)
        _ = try await ledger.purchase(
            try corn(.household(household), kg: 500), date: day("2026-09-02"), key: try ClientKey("corn-h1"), paidAtOnce: true, in: coop)
        // Piglets sold to the household: owed on 113, no patronage.
        let piglets = try await ledger.sell(
            try Sale(buyer: .household(household), product: "仔猪", quantity: Weight(grams: 50_000), price: UnitPrice(tenThousandthsOfYuanPerKilogram: 300_000)),
            date: day("2026-05-02"), key: try ClientKey("piglets-h1"), paidAtOnce: false, in: coop)
        #expect(try await ledger.entry(piglets.entryID, in: coop)?.entry.lines.map(\.accountText) == ["113", "501"])
        for month in 3...5 {
            let payroll = try Payroll(
                month: try CalendarMonth(year: 2026, month: month), lines: [try PayrollLine(payee: .member(member), amount: Money(fen: 150_000), days: 22)])
            _ = try await ledger.postPayroll(payroll, key: try ClientKey("payroll-\(month)"), in: coop)
        }
        _ = try await ledger.payPayroll(month: try CalendarMonth(year: 2026, month: 3), date: day("2026-04-05"), key: try ClientKey("paid-3"), in: coop)
        _ = try await ledger.addLoanEquity(
            try LoanEquityContract(
                member: member, principal: Money(fen: 5_000_000), startsOn: day("2026-01-01"), years: 3,
                yearlyPayout: Money(fen: 400_000), treatment: .liability), key: "loan", in: coop)
        _ = try await ledger.accrueLoanEquityPayouts(year: 2026, in: coop)
        _ = try await ledger.post(
            try JournalEntry(
                key: "sales", date: day("2026-11-01"), memo: "生猪销售",
                lines: [
                    .debit(.bankDeposits, Money(fen: 10_000_000)), .credit(.operatingRevenue, Money(fen: 10_000_000)),
                ]), to: coop)
        return (coop, household)
    }

    @Test func theIssuesCooperativeShowsEachChannelAndTheRunIgnoresTheNonMember() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            let (coop, household) = try await Self.doneMeansBooks(ledger)
            let run = try await ledger.postDistribution(year: 2026, in: coop)
            // The run's patronage is member 1's 2,100.00 of corn alone: H1's 1,050.00 is not a member's.
            #expect(run.distribution.members.map(\.patronageWeight) == [Money(fen: 210_000)])
            #expect(run.distribution.totalPatronageWeight == Money(fen: 210_000))

            var request = ReportRequest(name: .benefits)
            request.year = 2026
            let benefits = try await ledger.benefits(request, today: Self.day("2026-12-31"), in: coop)
            let json = try BenefitRendering.json(benefits).rendered
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let rows = try #require(object["households"] as? [[String: Any]])
            let member = try #require(rows.first { $0["member"] as? Int == 1 })
            #expect(member["land_rent"] as? String == "4000.00")
            #expect(member["purchase_premium"] as? String == "100.00")
            #expect(member["wages"] as? String == "4500.00")
            #expect(member["loan_equity_payout"] as? String == "4000.00")
            #expect(member["poverty"] as? String == "lifted")
            let nonMember = try #require(rows.first { $0["household"] as? String == household.description })
            #expect(nonMember["member"] is NSNull)
            #expect(nonMember["purchase_premium"] as? String == "50.00")
            #expect(nonMember["patronage_refund"] as? String == "0.00")
            #expect(nonMember["poverty"] as? String == "monitored")
            // Paid at once: the whole 1,050.00 left 211 for the household; nothing is owed.
            #expect(nonMember["paid"] as? String == "1050.00")
            #expect(nonMember["owed"] as? String == "0.00")
            #expect(object["households_reached"] as? Int == 2)
            #expect(object["poor_households_reached"] as? Int == 2)
            #expect(object["persons_employed"] as? Int == 1)
            // Member 1 was paid March's wages; April's and May's, the corn, the rent and the
            // payout are owed, with the run's refund and share.
            let row = try #require(benefits.rows.first { $0.member == MemberNumber(1) })
            #expect(row.channels.paid == Money(fen: 150_000))
            let owed = 300_000 + 210_000 + 400_000 + 400_000 + row.channels.patronageRefund.fen + row.channels.capitalShare.fen
            #expect(row.channels.owed == Money(fen: owed))
            #expect(row.channels.patronageRefund.fen > 0)
            try Self.expectChannelsTieToTheLedger(benefits, fixture: fixture, coop: coop)

            // One household, and the poor only.
            request.household = household
            #expect(try await ledger.benefits(request, today: Self.day("2026-12-31"), in: coop).rows.map(\.household) == [household])
            request.household = HouseholdNumber(9)
            await #expect(throws: LedgerError.self) { _ = try await ledger.benefits(request, today: Self.day("2026-12-31"), in: coop) }
        }
    }

    /// Every channel's total equals its accounts: rent the 114 credits of lease accruals,
    /// wages the 212 credits of payrolls, payouts the 215 accruals, refunds 221 and shares
    /// 222 of the run, premiums the purchase records; paid and owed their accounts' movements.
    static func expectChannelsTieToTheLedger(_ benefits: BenefitStatement, fixture: LedgerFixture, coop: CoopCode) throws {
        let connection = try fixture.database.connect()
        func credits(_ accounts: [String], kind: String) throws -> Money {
            Money(
                fen: try connection.query(
                    """
                    SELECT coalesce(-sum(amount), 0)::bigint FROM postings
                    WHERE coop_id = \(coop.rawValue) AND account_code = ANY(\(accounts)) AND kind = \(kind) AND extract(year FROM entry_date) = \(benefits.year)
                    """
                ).singleRow().decode(Int64.self, at: 0))
        }
        func credits(_ account: String, kind: String) throws -> Money { try credits([account], kind: kind) }
        let totals = try benefits.totals()
        // Members' fees on their 114, non-member households' on 211.
        #expect(totals.landRent == (try credits(["114", "211"], kind: "land_fee_accrual")))
        #expect(totals.wages == (try credits("212", kind: "payroll")))
        #expect(totals.loanEquityPayout == (try credits("215", kind: "loan_equity_payout")))
        #expect(totals.patronageRefund == (try credits("221", kind: "surplus_distribution")))
        #expect(totals.capitalShare == (try credits("222", kind: "surplus_distribution")))
        let premiums = try connection.query(
            """
            SELECT coalesce(sum(d.amount_fen - d.market_value_fen), 0)::bigint FROM purchases d JOIN journal_entries e USING (coop_id, entry_id)
            WHERE d.coop_id = \(coop.rawValue) AND extract(year FROM e.entry_date) = \(benefits.year)
              AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = e.coop_id AND r.reverses_entry_id = e.entry_id)
            """
        ).singleRow().decode(Int64.self, at: 0)
        #expect(totals.purchasePremium == Money(fen: premiums))
        // Paid: every payment in the year out of the households' accounts (members' detail
        // lines, and the non-members' lines of 211 and 212 without detail).
        let paid = try connection.query(
            """
            SELECT coalesce(sum(amount), 0)::bigint FROM postings
            WHERE coop_id = \(coop.rawValue) AND account_code IN ('114', '211', '212', '213', '215', '221', '222')
              AND kind IN ('land_fee_payment', 'purchase_payment', 'loan_equity_payout_payment', 'distribution_payment', 'payroll_payment')
              AND extract(year FROM entry_date) = \(benefits.year)
            """
        ).singleRow().decode(Int64.self, at: 0)
        #expect(totals.paid == Money(fen: paid))
        #expect(
            try totals.total()
                == (try totals.landRent.adding(totals.purchasePremium).adding(totals.wages).adding(totals.loanEquityPayout)
                    .adding(totals.patronageRefund).adding(totals.capitalShare)))
    }

    @Test func theDemosChannelsTieToItsLedger() async throws {
        try await TestDatabase.withFresh { database in
            let pool = database.pool()
            let ledger = Ledger(pool: pool, logger: .init(label: "test"), actor: .system)
            _ = try await SampleCooperative.load(into: ledger)
            var request = ReportRequest(name: .benefits)
            request.year = SampleCooperative.year
            let benefits = try await ledger.benefits(request, today: Self.day("2026-12-31"), in: SampleCooperative.code)
            let fixture = LedgerFixture(database: database, pool: pool, ledger: ledger)
            try Self.expectChannelsTieToTheLedger(benefits, fixture: fixture, coop: SampleCooperative.code)
            // Member 2 (the issue's auditor's figure, now with the 12 months' wages).
            let member = try #require(benefits.rows.first { $0.member == SampleCooperative.showcaseMember })
            #expect(try member.channels.total() == Money(fen: 3_381_547 + 1_440_000))
            #expect(benefits.personsEmployed == 12)
            #expect(benefits.householdsReached == 33)
            let lessor = try #require(benefits.rows.first { $0.household != nil && $0.poverty == .monitored })
            #expect(lessor.channels.landRent == Money(fen: 300_000))
            #expect(lessor.channels.owed == .zero) // the fee paid on 28 December, the corn at once
            #expect(benefits.poorHouseholdsReached == 14)
            await pool.close()
        }
    }

    @Test func aPayrollFileWithErrorsIsRefusedAtItsLinesAndWritesNothing() async throws {
        try await LedgerFixture.with { fixture in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("payroll-\(UUID()).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try "person,amount,days,memo\n1,1500,22,饲养员\nH4,800,,\n9,100,,\n2,-3,,\n3,12.345,,\n".write(toFile: path, atomically: true, encoding: .utf8)
            let before = try fixture.entryCount()
            await #expect {
                _ = try await fixture.ledger.postPayroll(path: path, month: try CalendarMonth(parsing: "2026-03"), key: try ClientKey("p"), in: fixture.coop)
            } throws: { error in
                guard let refused = error as? ImportRefused else { return false }
                return refused.errors.map(\.line) == [3, 4, 5, 6] && refused.errors.map(\.field) == ["person", "person", "amount", "amount"]
            }
            #expect(try fixture.entryCount() == before)
            #expect(try fixture.database.connect().query("SELECT count(*) FROM payroll_lines").singleRow().decode(Int64.self, at: 0) == 0)

            // A closed month refuses the whole payroll, nothing written.
            try "person,amount\n1,1500\n".write(toFile: path, atomically: true, encoding: .utf8)
            _ = try await fixture.ledger.closeMonth(try CalendarMonth(parsing: "2026-01"), of: fixture.coop)
            await #expect(throws: LedgerError.self) {
                _ = try await fixture.ledger.postPayroll(path: path, month: try CalendarMonth(parsing: "2026-01"), key: try ClientKey("jan"), in: fixture.coop)
            }
            #expect(try fixture.entryCount() == before)
        }
    }

    @Test func aPayrollIsPostedOncePerKeyAndPaidOnce() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger, coop = fixture.coop
            let (household, _) = try await ledger.addHousehold(try HouseholdDetails(name: "外户", idNumber: "620402198001010012"), in: coop)
            // The same ID number again is the same household; a member's ID number is refused.
            #expect(try await ledger.addHousehold(try HouseholdDetails(name: "外户", idNumber: "620402198001010012"), in: coop) == (household, .alreadyPresent))
            await #expect(throws: LedgerError.self) {
                _ = try await ledger.addHousehold(try HouseholdDetails(name: "别人", idNumber: "620402198001010012"), in: coop)
            }
            let march = try CalendarMonth(parsing: "2026-03")
            let payroll = try Payroll(
                month: march,
                lines: [
                    try PayrollLine(payee: .member(MemberNumber(1)), amount: Money(fen: 150_000)),
                    try PayrollLine(payee: .household(household), amount: Money(fen: 80_000)),
                ])
            let first = try await ledger.postPayroll(payroll, key: try ClientKey("pr-03"), in: coop)
            #expect(try await ledger.postPayroll(payroll, key: try ClientKey("pr-03"), in: coop) == .replayed(first.entryID))
            let other = try Payroll(
                month: march,
                lines: [
                    try PayrollLine(payee: .member(MemberNumber(1)), amount: Money(fen: 150_000), days: 20),
                    try PayrollLine(payee: .household(household), amount: Money(fen: 80_000)),
                ])
            await #expect(throws: LedgerError.self) { _ = try await ledger.postPayroll(other, key: try ClientKey("pr-03"), in: coop) }
            let entry = try #require(try await ledger.entry(first.entryID, in: coop))
            #expect(entry.entry.lines.map(\.accountText) == ["401", "212:1", "212"])

            let paid = try #require(try await ledger.payPayroll(month: march, date: Self.day("2026-04-05"), key: try ClientKey("pp-03"), in: coop))
            #expect(try await ledger.payPayroll(month: march, date: Self.day("2026-04-05"), key: try ClientKey("pp-03"), in: coop) == .replayed(paid.entryID))
            #expect(try await ledger.payPayroll(month: march, date: Self.day("2026-04-06"), key: try ClientKey("pp-03-again"), in: coop) == nil)
            // A paid payroll is reversed only after its payment.
            await #expect { _ = try await ledger.reverse(first.entryID, date: Self.day("2026-04-07"), key: try ClientKey("undo-pr"), in: coop) } throws: {
                ($0 as? LedgerError)?.code == .notReversible
            }
            let balance = try await ledger.trialBalance(of: coop, asOf: Self.day("2026-12-31"))
            #expect(balance.lines.filter { $0.account == .wagesPayable }.allSatisfy { $0.debit == $0.credit })
            // The database keeps the payroll's lines as they were posted.
            #expect(throws: PostgresError.self) { try fixture.database.connect().execute(unsafeSQL: "UPDATE payroll_lines SET amount_fen = 1") }
        }
    }

    /// The indicator sheet equals 01 and 02 line by line, the benefit statement's counts, and
    /// the ledger for what no line holds (state subsidies, bank loans).
    @Test func theIndicatorSheetTiesToTheStatementsAndTheLedger() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            let (coop, _) = try await Self.doneMeansBooks(ledger)
            _ = try await ledger.addSubsidy(
                try Subsidy(amount: Money(fen: 1_000_000), source: .state), date: Self.day("2026-06-01"), key: try ClientKey("subsidy"), in: coop)
            _ = try await ledger.addSubsidy(
                try Subsidy(amount: Money(fen: 300_000), source: .donation), date: Self.day("2026-06-02"), key: try ClientKey("gift"), in: coop)
            _ = try await ledger.post(
                try JournalEntry(
                    key: "bank-loan", date: Self.day("2026-02-01"), memo: "银行贷款",
                    lines: [
                        .debit(.bankDeposits, Money(fen: 5_000_000)), .credit(AccountCode("201"), Money(fen: 5_000_000)),
                    ]), to: coop)
            _ = try await ledger.postDistribution(year: 2026, in: coop)
            func report(_ name: ReportName) async throws -> Statement {
                var request = ReportRequest(name: name)
                request.year = 2026
                return try await ledger.report(request, of: coop, today: Self.day("2026-12-31"))
            }
            let sheet = try await report(.indicators), balanceSheet = try await report(.balanceSheet), surplus = try await report(.surplus)
            for (key, line) in [
                ("total_assets", "total_assets"), ("fixed_assets_net", "fixed_assets_net"), ("total_liabilities", "total_liabilities"),
                ("total_equity", "total_equity"),
            ] {
                #expect(sheet.amount(key, column: "value") == balanceSheet.amount(line, column: "closing"), "\(key)")
            }
            for key in ["operating_revenue", "surplus", "distributable", "patronage_refunds", "residual_distribution"] {
                #expect(sheet.amount(key, column: "value") == surplus.amount(key, column: "amount"), "\(key)")
            }
            #expect(sheet.amount("subsidies_received", column: "value") == Money(fen: 1_000_000))
            // The bank's 50,000.00; member 1's loan equity (231 / member) is not a bank loan.
            #expect(sheet.amount("bank_loans", column: "value") == Money(fen: 5_000_000))
            var request = ReportRequest(name: .benefits)
            request.year = 2026
            let benefits = try await ledger.benefits(request, today: Self.day("2026-12-31"), in: coop)
            func count(_ key: String) -> String? { sheet.rows.first { $0.key == key }?.values.first }
            #expect(count("members") == "1")
            #expect(count("households_reached") == "\(benefits.householdsReached)")
            #expect(count("poor_households_reached") == "2")
            #expect(count("persons_employed") == "1")
            let member = try #require(benefits.rows.first { $0.member != nil })
            #expect(sheet.amount("member_income_average", column: "value") == (try member.channels.total()))
        }
    }

    /// A household that later joins keeps its number and history: its wages before and after
    /// joining are one household's, counted once.
    @Test func aHouseholdThatJoinsIsOneHousehold() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger, coop = fixture.coop
            let (household, _) = try await ledger.addHousehold(try HouseholdDetails(name: "王五", village: "水川镇", poverty: .lifted), in: coop)
            func wages(_ payee: Payee, month: Int) async throws {
                let payroll = try Payroll(
                    month: try CalendarMonth(year: 2026, month: month), lines: [try PayrollLine(payee: payee, amount: Money(fen: 100_000))])
                _ = try await ledger.postPayroll(payroll, key: try ClientKey("wages-\(month)"), in: coop)
            }
            try await wages(.household(household), month: 3)
            let member = try Member(number: MemberNumber(4), name: "王五", isPoorHousehold: true, joinedOn: Self.day("2026-06-01"))
            #expect(try await ledger.addMember(member, joiningFrom: household, to: coop) == .created)
            #expect(try await ledger.addMember(member, joiningFrom: household, to: coop) == .alreadyPresent)
            await #expect(throws: LedgerError.self) {
                _ = try await ledger.addMember(try Member(number: MemberNumber(5), name: "王五"), joiningFrom: household, to: coop)
            }
            try await wages(.member(MemberNumber(4)), month: 7)
            var request = ReportRequest(name: .benefits)
            request.year = 2026
            let benefits = try await ledger.benefits(request, today: Self.day("2026-12-31"), in: coop)
            let rows = benefits.rows.filter { $0.member == MemberNumber(4) || $0.household == household }
            #expect(rows.count == 1)
            #expect(rows.first?.channels.wages == Money(fen: 200_000))
            #expect(rows.first?.household == household)
            #expect(benefits.householdsReached == 4) // members 1 to 3 and this one
            // The database names the member a household became once.
            #expect(throws: PostgresError.self) {
                try fixture.database.connect().execute(unsafeSQL: "UPDATE households SET member_no = 1 WHERE household_no = \(household.value)")
            }
        }
    }
}
