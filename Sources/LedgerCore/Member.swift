/// A member's number within a cooperative (1, 2, …).
public struct MemberNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Int32

    public init(_ value: Int32) { self.value = value }

    public init(parsing text: String, field: String) throws(LedgerError) {
        guard let value = Self.value(of: text) else {
            throw LedgerError(.invalidValue, field: field, value: text, rule: "a member number is a whole number from 1 to \(Limits.memberNumberMax)")
        }
        self.value = value
    }

    /// The number `text` gives, if it is one (the one bound every door uses).
    public static func value(of text: String) -> Int32? {
        guard let value = Int32(text), value >= 1, value <= Limits.memberNumberMax else { return nil }
        return value
    }

    public var description: String { String(value) }
    public static func < (lhs: MemberNumber, rhs: MemberNumber) -> Bool { lhs.value < rhs.value }
}

public struct Member: Hashable, Sendable {
    public let number: MemberNumber
    public let name: String
    /// The national ID number (居民身份证号), if recorded. Shown masked unless asked for.
    public let idNumber: String?
    /// A registered poor household (建档立卡贫困户).
    public let isPoorHousehold: Bool
    public let joinedOn: Day?
    public let leftOn: Day?

    public init(number: MemberNumber, name: String, idNumber: String? = nil, isPoorHousehold: Bool = false, joinedOn: Day? = nil, leftOn: Day? = nil)
        throws(LedgerError)
    {
        let trimmed = try DisplayName.checked(name, what: "a member's name", lengthMax: Limits.nameLengthMax)
        if let joinedOn, let leftOn, leftOn < joinedOn {
            throw LedgerError(.invalidDate, field: "left", value: leftOn.description, rule: "a member cannot leave before joining (\(joinedOn))")
        }
        self.number = number
        self.name = trimmed
        self.idNumber = try idNumber.map { text throws(LedgerError) in try IDNumber.checked(text) }
        self.isPoorHousehold = isPoorHousehold
        self.joinedOn = joinedOn
        self.leftOn = leftOn
    }

    /// The ID number with all but the first 3 and last 4 characters hidden.
    public var maskedIDNumber: String? { idNumber.map(IDNumber.masked) }
}

extension String {
    var trimmingWhitespace: String {
        var view = Substring(self)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
