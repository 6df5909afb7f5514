import Foundation
import LedgerCore
import LedgerRendering
import LedgerService
import Testing
import TestSupport

@Suite struct OperationsTests {
    func day(_ text: String) -> Day { LedgerFixture.day(text) }

    func corn(member: Int32, kg: String) throws -> Purchase {
        try Purchase(
            member: MemberNumber(member), product: "corn", quantity: Weight(parsingKilograms: kg, field: "q"),
            marketPrice: UnitPrice(parsingYuanPerKilogram: "2.6", field: "p"), priceDate: day("2026-10-01"),
            priceSource: "market", premium: BasisPoints(500))
    }

    @Test func leaseAccrualAndPaymentPostOncePerLeaseAndYear() async throws {
        try await LedgerFixture.with { fixture in
            let lease = try Lease(
                member: MemberNumber(1), area: Area(hundredthsOfMu: 1_250), yearlyRatePerMu: Money(fen: 200_000), startsOn: day("2026-07-01"), endsOn: nil)
            let (id, created) = try await fixture.ledger.addLease(lease, key: "lease-1", in: fixture.coop)
            #expect(created == .created)
            #expect(try await fixture.ledger.addLease(lease, key: "lease-1", in: fixture.coop) == (id, .alreadyPresent))

            let first = try await fixture.ledger.accrueLeaseFees(year: 2026, in: fixture.coop)
            #expect(first.posted.count == 1)
            let again = try await fixture.ledger.accrueLeaseFees(year: 2026, in: fixture.coop)
            #expect(again.posted.isEmpty && again.alreadyPosted == 1)
            #expect(again.summary.contains("nothing new"))

            let paid = try await fixture.ledger.payLeaseFees(year: 2026, date: day("2026-12-31"), in: fixture.coop)
            #expect(paid.posted.count == 1)
            #expect(try await fixture.ledger.payLeaseFees(year: 2026, date: day("2026-12-31"), in: fixture.coop).alreadyPosted == 1)

            // 12.5 mu × 2000 × 184/365 = 12,602.739… → 12,602.74, accrued and paid.
            let account = try await fixture.ledger.memberAccount(MemberNumber(1), year: 2026, in: fixture.coop)
            #expect(account.landFeesAccrued == Money(fen: 1_260_274))
            #expect(account.landFeesPaid == Money(fen: 1_260_274))
            #expect(account.currentAccountBalance == .zero)
            #expect(try fixture.entryCount() == 2)
        }
    }

    @Test func loanEquityPayoutsAreIdempotentAndRepaymentHappensOnce() async throws {
        try await LedgerFixture.with { fixture in
            let contract = try LoanEquityContract(
                member: MemberNumber(2), principal: Money(fen: 5_000_000), startsOn: day("2025-01-01"), years: 3, yearlyPayout: Money(fen: 400_000),
                treatment: .liability)
            let (id, _) = try await fixture.ledger.addLoanEquity(contract, key: "le-2", in: fixture.coop)
            #expect(try await fixture.ledger.accrueLoanEquityPayouts(year: 2026, in: fixture.coop).posted.count == 1)
            #expect(try await fixture.ledger.accrueLoanEquityPayouts(year: 2026, in: fixture.coop).alreadyPosted == 1)

            let (repaid, outcome) = try await fixture.ledger.repayLoanEquity(member: MemberNumber(2), contract: nil, date: day("2026-12-31"), in: fixture.coop)
            #expect(repaid == id)
            guard case .posted = outcome else { Issue.record("repayment not posted"); return }
            do {
                _ = try await fixture.ledger.repayLoanEquity(member: MemberNumber(2), contract: nil, date: day("2026-12-31"), in: fixture.coop)
                Issue.record("second repayment accepted")
            } catch let error as LedgerError {
                #expect(error.rule.contains("repaid on 2026-12-31"))
            }
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(!balance.lines.contains { $0.account == AccountCode("231") })
            #expect(balance.lines.first { $0.account == AccountCode("215") }?.credit == Money(fen: 400_000))
            // received, payout, repaid
            #expect(try fixture.entryCount() == 3)
        }
    }

    @Test func equityTreatmentBooksShareCapitalAndNoPayout() async throws {
        try await LedgerFixture.with { fixture in
            let contract = try LoanEquityContract(
                member: MemberNumber(3), principal: Money(fen: 1_000_000), startsOn: day("2026-01-01"), years: 2, yearlyPayout: .zero, treatment: .equity)
            _ = try await fixture.ledger.addLoanEquity(contract, key: nil, in: fixture.coop)
            let payouts = try await fixture.ledger.accrueLoanEquityPayouts(year: 2026, in: fixture.coop)
            #expect(payouts.posted.isEmpty)
            let balance = try await fixture.ledger.trialBalance(of: fixture.coop, asOf: nil)
            #expect(balance.lines.first { $0.account == AccountCode("301") }?.credit == Money(fen: 1_000_000))
        }
    }

    @Test func memberAccountWithEveryDealingTiesToTheJournal() async throws {
        try await LedgerFixture.with { fixture in
            let ledger = fixture.ledger
            let coop = fixture.coop
            let member = MemberNumber(1)
            _ = try await ledger.contribute(
                member: member, amount: Money(fen: 800_000), source: .povertyAlleviationAssets, date: day("2026-01-05"), key: "cap-a", in: coop)
            _ = try await ledger.contribute(member: member, amount: Money(fen: 200_000), source: .other, date: day("2026-01-06"), key: "cap-b", in: coop)
            _ = try await ledger.addLease(
                try Lease(member: member, area: Area(hundredthsOfMu: 200), yearlyRatePerMu: Money(fen: 200_000), startsOn: day("2025-01-01"), endsOn: nil),
                key: nil, in: coop)
            _ = try await ledger.accrueLeaseFees(year: 2026, in: coop)
            _ = try await ledger.purchase(try corn(member: 1, kg: "1000"), date: day("2026-10-02"), key: "corn-1", paidAtOnce: true, in: coop)
            _ = try await ledger.purchase(try corn(member: 1, kg: "500"), date: day("2026-10-03"), key: "corn-2", paidAtOnce: false, in: coop)
            let mistaken = try await ledger.purchase(try corn(member: 1, kg: "9999"), date: day("2026-10-04"), key: "corn-3", paidAtOnce: false, in: coop)
            _ = try await ledger.reverse(mistaken.entryID, date: day("2026-10-05"), key: "corn-3-reversed", in: coop)
            _ = try await ledger.addLoanEquity(
                try LoanEquityContract(
                    member: member, principal: Money(fen: 5_000_000), startsOn: day("2026-07-01"), years: 3, yearlyPayout: Money(fen: 400_000),
                    treatment: .liability), key: nil, in: coop)
            _ = try await ledger.accrueLoanEquityPayouts(year: 2026, in: coop)

            let account = try await ledger.memberAccount(member, year: 2026, in: coop)
            let balance = try await ledger.trialBalance(of: coop, asOf: day("2026-12-31"))
            func detail(_ code: String) -> Money {
                balance.lines.first { $0.account.rawValue == code && $0.member == member }?.balance ?? .zero
            }
            #expect(account.capitalFromPovertyAlleviationAssets == Money(fen: 800_000))
            #expect(account.capitalOther == Money(fen: 200_000))
            #expect(Money(fen: -detail("301").fen) == Money(fen: 1_000_000))
            #expect(account.landFeesAccrued == Money(fen: 400_000))
            // Corn: 1,500 kg (the reversed slip does not count) at 2.60 = 3,900.00; paid 4,095.00.
            #expect(account.products.count == 1)
            #expect(account.products[0].quantity == Weight(grams: 1_500_000))
            #expect(account.products[0].marketValue == Money(fen: 390_000))
            #expect(account.products[0].amount == Money(fen: 409_500))
            #expect(account.products[0].premium == Money(fen: 19_500))
            // 114: land fee 4,000 and the unpaid 500 kg (1,365.00) are owed to the member.
            #expect(account.currentAccountBalance == detail("114"))
            #expect(account.currentAccountBalance == Money(fen: -(400_000 + 136_500)))
            // Loan equity from 1 July: 4,000 × 184/365 = 2,016.44.
            #expect(account.loanEquity.count == 1)
            #expect(account.loanEquity[0].payoutsAccrued == Money(fen: 201_644))
            #expect(Money(fen: -detail("215").fen) == Money(fen: 201_644))
            #expect(Money(fen: -detail("231").fen) == Money(fen: 5_000_000))
            #expect(account.patronageRefund == .zero && account.residualDistribution == .zero)
        }
    }

    @Test func badOperationsAreRefusedAndWriteNothing() async throws {
        try await LedgerFixture.with { fixture in
            await #expect(throws: LedgerError.self) {
                try await fixture.ledger.purchase(try corn(member: 99, kg: "10"), date: day("2026-10-02"), key: "p-99", paidAtOnce: false, in: fixture.coop)
            }
            await #expect(throws: LedgerError.self) {
                try await fixture.ledger.addLease(
                    try Lease(
                        member: MemberNumber(99), area: Area(hundredthsOfMu: 100), yearlyRatePerMu: Money(fen: 1), startsOn: day("2026-01-01"), endsOn: nil),
                    key: nil, in: fixture.coop)
            }
            _ = try await fixture.ledger.addLease(
                try Lease(
                    member: MemberNumber(1), area: Area(hundredthsOfMu: 100), yearlyRatePerMu: Money(fen: 200_000), startsOn: day("2026-01-01"), endsOn: nil),
                key: nil, in: fixture.coop)
            _ = try await fixture.ledger.closeYear(2026, of: fixture.coop)
            do {
                _ = try await fixture.ledger.accrueLeaseFees(year: 2026, in: fixture.coop)
                Issue.record("accrued into a closed year")
            } catch let error as LedgerError {
                #expect(error.code == .periodClosed)
            }
            #expect(try fixture.entryCount() == 0)
        }
    }

    @Test func purchaseImportIsAllOrNothingWithTheLineNamed() async throws {
        try await LedgerFixture.with { fixture in
            let good = "key,date,member,product,quantity_kg,market_price,paid\nw1,2026-10-01,1,corn,100,2.6,yes\nw2,2026-10-01,2,\"玉米, 二等\",50.5,2.6,no\n"
            for (bad, located) in [
                (good + "w3,2026-02-30,3,corn,10,2.6,no\n", "slips.csv:4: date: 2026-02-30"),
                (good + "w3,2026-10-01,42,corn,10,2.6,no\n", "slips.csv:4: member: 42"),
                (good + "w1,2026-10-01,1,corn,999,2.6,yes\n", "slips.csv:4: key: w1"),
            ] {
                do {
                    _ = try await fixture.ledger.importPurchases(path: file(bad, name: "slips.csv"), in: fixture.coop)
                    Issue.record("bad file accepted")
                } catch let refused as ImportRefused {
                    #expect(refused.errors[0].description.contains(located), "\(refused.errors[0])")
                } catch let error as ImportError {
                    #expect(error.description.contains(located), "\(error)")
                }
                #expect(try fixture.entryCount() == 0)
            }
            let slips = file(good, name: "slips.csv")
            #expect(try await fixture.ledger.importPurchases(path: slips, in: fixture.coop).posted.count == 2)
            #expect(try await fixture.ledger.importPurchases(path: slips, in: fixture.coop).alreadyPosted == 2)
            let account = try await fixture.ledger.memberAccount(MemberNumber(2), year: 2026, in: fixture.coop)
            #expect(account.products.first?.product == "玉米, 二等")
        }
    }

    @Test func memberRollImportIsAllOrNothing() async throws {
        try await LedgerFixture.with { fixture in
            let roll = file("number,name,id_number,poor_household,joined\n10,马春梅,62040219800101123X,yes,2024-03-01\n11,\"Ma, Jr.\",,no,\n", name: "roll.csv")
            #expect(try await fixture.ledger.importMembers(path: roll, to: fixture.coop) == (2, 0))
            #expect(try await fixture.ledger.importMembers(path: roll, to: fixture.coop) == (0, 2))

            let duplicate = file("number,name\n12,甲\n12,乙\n", name: "roll.csv")
            do {
                _ = try await fixture.ledger.importMembers(path: duplicate, to: fixture.coop)
                Issue.record("duplicate number accepted")
            } catch let refused as ImportRefused {
                #expect(refused.errors[0].line == 3)
            }
            await #expect(throws: ImportError.self) {
                try await fixture.ledger.importMembers(path: file("number,name,phone\n13,丙,123\n", name: "roll.csv"), to: fixture.coop)
            }
            #expect(try await fixture.ledger.members(of: fixture.coop).count == 5)
        }
    }

    func file(_ text: String, name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
}
