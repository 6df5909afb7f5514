import Foundation
import LedgerCore

/// bcrypt's work factor for new password hashes. Each hash keeps its own factor, so a change
/// never locks anyone out. 12 by default: 2^12 rounds, about a quarter of a second here, and a
/// guess at a stolen hash costs the same. `COOPLEDGER_PASSWORD_COST` sets it, 4 to 31: the
/// test run sets 4 (its hundreds of people and sign-ins would otherwise queue for minutes on
/// the one password thread); below 12 is for tests only, and `serve` warns when it starts so.
public enum PasswordCost {
    public static let standard: UInt8 = 12
    public static let variable = "COOPLEDGER_PASSWORD_COST"

    /// The factor the environment names, or the standard one; a value out of range is refused.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(LedgerError) -> UInt8 {
        guard let text = environment[variable], !text.isEmpty else { return standard }
        guard let cost = UInt8(text), (4...31).contains(cost) else {
            throw LedgerError(.invalidValue, field: variable, value: text, rule: "bcrypt's work factor is a whole number from 4 to 31 (12 by default)")
        }
        return cost
    }

    /// What new hashes use. The command line refuses a bad value when it starts
    /// (`fromEnvironment`), so the standard factor here is only a library's fallback.
    public static let configured: UInt8 = (try? fromEnvironment()) ?? standard
}
