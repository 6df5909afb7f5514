/// A non-member household's number within a cooperative, written `H3` (a member is
/// written by their member number, `7`).
public struct HouseholdNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int32

    public init(_ value: Int32) { self.value = value }

    /// `H3`, `h3` or `3`.
    public init(parsing text: String, field: String) throws(LedgerError) {
        let digits = text.first == "H" || text.first == "h" ? String(text.dropFirst()) : text
        // Households are numbered within the members' bound (MemberNumber's one check).
        guard let value = MemberNumber.value(of: digits) else {
            throw LedgerError(
                .invalidValue, field: field, value: text, rule: "a household number is H and a whole number from 1 to \(Limits.memberNumberMax), e.g. H3")
        }
        self.value = value
    }

    public var description: String { "H\(value)" }
    public static func < (lhs: HouseholdNumber, rhs: HouseholdNumber) -> Bool { lhs.value < rhs.value }
}

/// Poverty status, as current policy names it.
public enum Poverty: String, Sendable, CaseIterable {
    case none
    /// 脱贫户: lifted out of poverty (the former 建档立卡贫困户).
    case lifted
    /// 防止返贫监测对象: monitored against falling back.
    case monitored

    public init(parsing text: String, field: String) throws(LedgerError) {
        guard let status = Poverty(rawValue: text) else {
            throw LedgerError(.invalidValue, field: field, value: text, rule: "none, lifted (脱贫户) or monitored (防止返贫监测对象)")
        }
        self = status
    }

    /// A member's status: the roll's flag marks a registered poor household, lifted since.
    public static func of(_ member: Member) -> Poverty { member.isPoorHousehold ? .lifted : .none }

    public var isPoor: Bool { self != .none }
}

/// What is recorded of a household that is not a member, checked; its number comes when
/// it is added.
public struct HouseholdDetails: Hashable, Sendable {
    public let name: String
    /// The head of household's national ID number, if recorded; shown masked.
    public let idNumber: String?
    public let village: String?
    public let poverty: Poverty

    public init(name: String, idNumber: String? = nil, village: String? = nil, poverty: Poverty = .none) throws(LedgerError) {
        self.name = try DisplayName.checked(name, what: "a household's name", lengthMax: Limits.nameLengthMax)
        self.idNumber = try idNumber.map { text throws(LedgerError) in try IDNumber.checked(text) }
        self.village = try village.map { text throws(LedgerError) in
            try DisplayName.checked(text, field: "village", what: "a village", lengthMax: Limits.nameLengthMax)
        }
        self.poverty = poverty
    }
}

/// A household the cooperative deals with that is not a member (law art. 41: its dealings
/// are accounted apart, and earn no patronage refund).
public struct Household: Hashable, Sendable {
    public let number: HouseholdNumber
    public let details: HouseholdDetails

    public init(number: HouseholdNumber, details: HouseholdDetails) {
        self.number = number
        self.details = details
    }

    public var name: String { details.name }
    public var village: String? { details.village }
    public var poverty: Poverty { details.poverty }
    public var maskedIDNumber: String? { details.idNumber.map(IDNumber.masked) }
}

/// National ID numbers (居民身份证号), as the tables' CHECK has them.
public enum IDNumber {
    /// 15 or 18 characters: digits, and X only as the last (check) character; upper-cased.
    public static func checked(_ text: String) throws(LedgerError) -> String {
        let digits = text.dropLast()
        guard [15, 18].contains(text.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let last = text.last, last.isASCII && (last.isNumber || last == "X" || last == "x")
        else {
            throw LedgerError(
                .invalidValue, field: "id-number", value: text, rule: "an ID number is 15 or 18 characters: digits, and X only as the last (check) character")
        }
        return text.uppercased()
    }

    /// All but the first 3 and last 4 characters hidden.
    public static func masked(_ number: String) -> String {
        String(number.prefix(3)) + String(repeating: "*", count: max(0, number.count - 7)) + String(number.suffix(4))
    }
}
