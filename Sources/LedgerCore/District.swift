/// A district (区) whose cooperative office (区农经站) oversees the cooperatives in it.
public struct DistrictCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The same spelling as a cooperative's code.
    public init(parsing text: String, field: String = "district") throws(LedgerError) {
        do {
            rawValue = try CoopCode(parsing: text, field: field).rawValue
        } catch {
            throw LedgerError(
                .invalidValue, field: field, value: text, rule: "a district code is 1 to \(Limits.coopCodeLengthMax) lower-case letters, digits and dashes")
        }
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public struct District: Sendable, Equatable {
    public let code: DistrictCode
    public let name: String

    public init(code: DistrictCode, name: String) throws(LedgerError) {
        self.code = code
        self.name = try DisplayName.checked(name, what: "a district's name", lengthMax: 100)
    }
}

/// Where a cooperative is: its district and township (乡镇).
public struct Placement: Sendable, Equatable {
    public let district: DistrictCode
    public let township: String

    public init(district: DistrictCode, township: String) throws(LedgerError) {
        self.district = district
        self.township = try DisplayName.checked(township, field: "township", what: "a township's name", lengthMax: 100)
    }
}
