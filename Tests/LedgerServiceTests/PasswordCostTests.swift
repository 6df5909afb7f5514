import HummingbirdBcrypt
import LedgerCore
import LedgerService
import Testing

/// bcrypt's work factor: 12 unless COOPLEDGER_PASSWORD_COST names another from 4 to 31 (the
/// test run's 4); anything else is refused, naming the variable and the value.
@Suite struct PasswordCostTests {
    @Test func theStandardFactorUnlessTheEnvironmentNamesAnother() throws {
        #expect(try PasswordCost.fromEnvironment([:]) == 12)
        #expect(try PasswordCost.fromEnvironment([PasswordCost.variable: ""]) == 12)
        #expect(try PasswordCost.fromEnvironment([PasswordCost.variable: "4"]) == 4)
        #expect(try PasswordCost.fromEnvironment([PasswordCost.variable: "31"]) == 31)
    }

    @Test(arguments: ["3", "32", "twelve", "12.5", "-12", " 12", "999"])
    func aFactorOutOfBcryptsRangeIsRefused(value: String) {
        #expect {
            _ = try PasswordCost.fromEnvironment([PasswordCost.variable: value])
        } throws: { error in
            let refusal = error as? LedgerError
            return refusal?.code == .invalidValue && refusal?.field == PasswordCost.variable && refusal?.value == value
        }
    }

    /// A hash keeps its own factor, so one made at another cost is still checked right.
    @Test func aHashIsCheckedAtTheFactorItWasMadeWith() {
        let strong = Bcrypt.hash("correct horse", cost: 12)
        #expect(strong.hasPrefix("$2b$12$") || strong.hasPrefix("$2a$12$") || strong.hasPrefix("$2y$12$"))
        #expect(Bcrypt.verify("correct horse", hash: strong))
        #expect(Bcrypt.verify("correct horse", hash: Bcrypt.hash("correct horse", cost: PasswordCost.configured)))
    }
}
