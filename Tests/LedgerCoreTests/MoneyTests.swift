import LedgerCore
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("2000", Int64(200_000)), ("2000.5", 200_050), ("-12.34", -1_234), ("0", 0), ("0.01", 1),
        ("-0.05", -5), ("007.10", 710), ("92233720368547758.07", Int64.max), ("-92233720368547758.08", Int64.min),
    ])
    func validTextParsesToExactFen(text: String, fen: Int64) throws {
        #expect(try Money(parsing: text, field: "amount").fen == fen)
    }

    @Test(arguments: ["1e3", "12.345", "-0.001", "1,000", "", " 12", "12 ", "+5", "12.", ".5", "--1", "1.2.3", "¥12", "12元", "０１"])
    func invalidTextIsRefusedNamingFieldAndValue(text: String) {
        do throws(LedgerError) {
            _ = try Money(parsing: text, field: "debit[2]")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidAmount)
            #expect(error.field == "debit[2]")
            #expect(error.value == text)
        }
    }

    @Test(arguments: ["99999999999999999999", "92233720368547758.08", "-92233720368547758.09"])
    func overflowIsRefused(text: String) {
        #expect(throws: LedgerError.self) { try Money(parsing: text, field: "amount") }
        do throws(LedgerError) { _ = try Money(parsing: text, field: "amount") } catch { #expect(error.code == .amountOverflow) }
    }

    @Test(arguments: [(Int64(200_000), "2000.00"), (5, "0.05"), (-5, "-0.05"), (-123_456, "-1234.56"), (0, "0.00"), (Int64.min, "-92233720368547758.08")])
    func formatsWithTwoDecimals(fen: Int64, text: String) {
        #expect(Money(fen: fen).description == text)
    }

    @Test func formattingThenParsingIsIdentity() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let money = Money(fen: Int64.random(in: Int64.min...Int64.max, using: &generator))
            #expect(try Money(parsing: money.description, field: "x") == money)
        }
    }

    @Test func arithmeticRefusesOverflow() throws {
        #expect(throws: LedgerError.self) { try Money(fen: Int64.max).adding(Money(fen: 1)) }
        #expect(throws: LedgerError.self) { try Money(fen: Int64.min).negated() }
        #expect(throws: LedgerError.self) { try Money.sum([Money(fen: Int64.max), Money(fen: 1)]) }
        #expect(try Money.sum([Money(fen: 5), Money(fen: -7)]) == Money(fen: -2))
    }

    @Test func percentRatesParseToBasisPoints() throws {
        #expect(try BasisPoints(parsingPercent: "60%", field: "p").value == 6_000)
        #expect(try BasisPoints(parsingPercent: "12.5%", field: "p").value == 1_250)
        #expect(try BasisPoints(parsingPercent: "0.05%", field: "p").value == 5)
        #expect(BasisPoints(1_250).description == "12.5%")
        #expect(BasisPoints(5).description == "0.05%")
        for bad in ["60", "-5%", "1.234%", "abc%", "%"] {
            #expect(throws: LedgerError.self) { try BasisPoints(parsingPercent: bad, field: "p") }
        }
    }
}
