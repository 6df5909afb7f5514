import LedgerCore
import Testing

@Suite struct OperationFormulaTests {
    func day(_ text: String) -> Day { try! Day(parsing: text, field: "d") }

    @Test func dayOrdinalsCountRealDays() {
        #expect(day("1970-01-01").ordinal == 0)
        #expect(day("2024-03-01").ordinal - day("2024-02-28").ordinal == 2)
        #expect(day("2023-03-01").ordinal - day("2023-02-28").ordinal == 1)
        #expect(day("2027-01-01").ordinal - day("2026-01-01").ordinal == 365)
    }

    @Test func daysCoveredInAYearClipToTheYear() throws {
        #expect(try Day.daysCovered(inYear: 2024, from: day("2024-07-01"), through: nil) == 184)
        #expect(try Day.daysCovered(inYear: 2024, from: day("2020-01-01"), through: nil) == 366)
        #expect(try Day.daysCovered(inYear: 2025, from: day("2024-07-01"), through: day("2025-01-31")) == 31)
        #expect(try Day.daysCovered(inYear: 2026, from: day("2024-07-01"), through: day("2025-01-31")) == 0)
    }

    @Test func roundingIsHalfAwayFromZeroExactlyOnce() throws {
        #expect(try Rounding.divide(5, by: 10, field: "x") == 1) // 0.5 → 1
        #expect(try Rounding.divide(-5, by: 10, field: "x") == -1) // -0.5 → -1
        #expect(try Rounding.divide(4_999, by: 10_000, field: "x") == 0)
        #expect(try Rounding.divide(15, by: 10, field: "x") == 2)
        #expect(try Rounding.divide(25, by: 10, field: "x") == 3) // not banker's rounding
        #expect(throws: LedgerError.self) { try Rounding.divide(Int128(Int64.max) * 4, by: 2, field: "x") }
    }

    @Test func fullYearLeaseFeeIsAreaTimesRate() throws {
        // 12.5 mu at 2000 yuan per mu for all of 2026: 25,000.00.
        let lease = try Lease(
            member: MemberNumber(1), area: Area(parsingMu: "12.5", field: "a"), yearlyRatePerMu: Money(parsing: "2000", field: "r"),
            startsOn: day("2025-03-01"), endsOn: nil)
        #expect(try lease.fee(forYear: 2026) == Money(fen: 2_500_000))
        #expect(try lease.fee(forYear: 2024) == .zero)
    }

    @Test func leaseFeeIsProratedByDaysAcrossALeapYear() throws {
        // 3.33 mu × 2000 × 184/366 (2024-07-01..12-31 of a leap year) = 3348.196… → 3348.20
        let lease = try Lease(
            member: MemberNumber(1), area: Area(hundredthsOfMu: 333), yearlyRatePerMu: Money(fen: 200_000), startsOn: day("2024-07-01"),
            endsOn: day("2025-06-30"))
        #expect(try lease.fee(forYear: 2024) == Money(fen: 334_820))
        // 2025: 181 of 365 days: 3.33 × 2000 × 181/365 = 3302.630… → 3302.63
        #expect(try lease.fee(forYear: 2025) == Money(fen: 330_263))
    }

    @Test func leaseFeeRoundsAnExactHalfFenUp() throws {
        // 0.01 mu × 0.50 yuan per mu, full year: 0.005 yuan = half a fen → 0.01.
        let lease = try Lease(member: MemberNumber(1), area: Area(hundredthsOfMu: 1), yearlyRatePerMu: Money(fen: 50), startsOn: day("2026-01-01"), endsOn: nil)
        #expect(try lease.fee(forYear: 2026) == Money(fen: 1))
    }

    @Test func purchaseSplitsIntoMarketValueAndPremium() throws {
        // 2,137.5 kg × 2.6000 yuan/kg = 5,557.50 at market; × 1.05 = 5,835.375 → 5,835.38.
        let purchase = try Purchase(
            member: MemberNumber(2), product: "corn", quantity: Weight(parsingKilograms: "2137.5", field: "q"),
            marketPrice: UnitPrice(parsingYuanPerKilogram: "2.6", field: "p"), priceDate: day("2026-10-08"),
            priceSource: "market", premium: BasisPoints(500))
        #expect(try purchase.marketValue() == Money(fen: 555_750))
        #expect(try purchase.amount() == Money(fen: 583_538))
        #expect(try purchase.premiumAmount() == Money(fen: 27_788))
    }

    @Test func purchaseAmountIsRoundedOnceNotTwice() throws {
        // 0.333 kg × 4.5 yuan/kg × 1.05 = 1.5734… → 1.57. Rounding the market value first
        // (1.4985 → 1.50) and then adding 5% (1.575 → 1.58) would pay a fen too much.
        let purchase = try Purchase(
            member: MemberNumber(2), product: "corn", quantity: Weight(grams: 333),
            marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 45_000), priceDate: day("2026-10-08"),
            priceSource: "market", premium: BasisPoints(500))
        #expect(try purchase.amount() == Money(fen: 157))
        #expect(try purchase.marketValue() == Money(fen: 150))
        #expect(try purchase.premiumAmount() == Money(fen: 7))
    }

    @Test func loanPayoutIsProRataInTheFirstAndLastYear() throws {
        let contract = try LoanEquityContract(
            member: MemberNumber(2), principal: Money(fen: 5_000_000), startsOn: day("2024-07-01"), years: 3, yearlyPayout: Money(fen: 400_000),
            treatment: .liability)
        #expect(try contract.endsOn() == day("2027-06-30"))
        // 184/366 × 4000 = 2010.928… → 2010.93
        #expect(try contract.payout(forYear: 2024) == Money(fen: 201_093))
        #expect(try contract.payout(forYear: 2025) == Money(fen: 400_000))
        // 181/365 × 4000 = 1983.561… → 1983.56
        #expect(try contract.payout(forYear: 2027) == Money(fen: 198_356))
        #expect(try contract.payout(forYear: 2028) == .zero)
        // Repaid on 2025-12-31: 2026 owes nothing.
        #expect(try contract.payout(forYear: 2026, repaidOn: day("2025-12-31")) == .zero)
    }

    @Test func badOperationInputIsRefusedNamingTheField() {
        func field(_ body: () throws -> Void) -> String? {
            do { try body(); return nil } catch let error as LedgerError { return error.field } catch { return "\(error)" }
        }
        #expect(field { _ = try Area(parsingMu: "0", field: "area-mu") } == "area-mu")
        #expect(field { _ = try Area(parsingMu: "-3", field: "area-mu") } == "area-mu")
        #expect(field { _ = try Weight(parsingKilograms: "1.2345", field: "quantity-kg") } == "quantity-kg")
        #expect(field { _ = try Weight(parsingKilograms: "99999999999999999999", field: "quantity-kg") } == "quantity-kg")
        #expect(field { _ = try BasisPoints(parsingPercent: "-5%", field: "premium") } == "premium")
        #expect(
            field {
                _ = try LoanEquityContract(
                    member: MemberNumber(1), principal: Money(fen: 100), startsOn: day("2026-01-01"), years: 0, yearlyPayout: .zero, treatment: .liability)
            } == "years")
        #expect(
            field {
                _ = try LoanEquityContract(
                    member: MemberNumber(1), principal: Money(fen: 100), startsOn: day("2026-01-01"), years: 3, yearlyPayout: Money(fen: 1), treatment: .equity)
            } == "payout")
        // A quantity that overflows the amount is refused, not wrapped.
        #expect(
            field {
                let purchase = try Purchase(
                    member: MemberNumber(1), product: "corn", quantity: Weight(grams: Int64.max),
                    marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: Int64.max), priceDate: day("2026-01-01"), priceSource: "m",
                    premium: BasisPoints(500))
                _ = try purchase.amount()
            } == "quantity")
    }
}
