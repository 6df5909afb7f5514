/// A cooperative's short code, its identity in every table and on the command line.
public struct CoopCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Lower-case letters, digits and dashes, starting with a letter or digit.
    public init(parsing text: String, field: String = "coop") throws(LedgerError) {
        let bytes = Array(text.utf8)
        func isAllowed(_ byte: UInt8) -> Bool {
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45
        }
        guard (1...Limits.coopCodeLengthMax).contains(bytes.count), bytes[0] != 45, bytes.allSatisfy(isAllowed), text != "all" else {
            throw LedgerError(
                .invalidValue, field: field, value: text,
                rule: "a cooperative code is 1 to \(Limits.coopCodeLengthMax) lower-case letters, digits and dashes (and not \"all\")")
        }
        self.rawValue = text
    }

    public var description: String { rawValue }
    public static func < (lhs: CoopCode, rhs: CoopCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The charter's distribution settings (law arts. 42 and 44).
public struct CharterSettings: Hashable, Sendable {
    /// The statutory minimum share of the distributable surplus returned by patronage.
    public static let patronageShareMin = BasisPoints(6_000)

    public let reserveRate: BasisPoints
    public let patronageShare: BasisPoints
    public let capitalShare: BasisPoints

    public static let standard = try! CharterSettings(reserveRate: BasisPoints(1_000), patronageShare: BasisPoints(6_000), capitalShare: BasisPoints(4_000))

    public init(reserveRate: BasisPoints, patronageShare: BasisPoints, capitalShare: BasisPoints) throws(LedgerError) {
        guard reserveRate <= .whole else {
            throw LedgerError(.charterRule, field: "reserve-rate", value: reserveRate.description, rule: "the reserve rate is at most 100%")
        }
        guard patronageShare >= Self.patronageShareMin, patronageShare <= .whole else {
            throw LedgerError(
                .charterRule, field: "patronage-share", value: patronageShare.description, rule: "the patronage share is at least 60% (law art. 44)")
        }
        guard patronageShare.value + capitalShare.value <= BasisPoints.whole.value else {
            throw LedgerError(
                .charterRule, field: "capital-share", value: capitalShare.description,
                rule: "patronage share plus capital share is at most 100% (here \(patronageShare) + \(capitalShare))")
        }
        self.reserveRate = reserveRate
        self.patronageShare = patronageShare
        self.capitalShare = capitalShare
    }
}

public struct Cooperative: Hashable, Sendable {
    public static let purchasePremiumDefault = BasisPoints(500)

    public let code: CoopCode
    public let name: String
    public let settings: CharterSettings
    /// What produce bought from members is paid above the market price, unless a purchase says otherwise.
    public let purchasePremium: BasisPoints

    public init(code: CoopCode, name: String, settings: CharterSettings, purchasePremium: BasisPoints = Cooperative.purchasePremiumDefault) throws(LedgerError)
    {
        let trimmed = try DisplayName.checked(name, what: "a cooperative's name", lengthMax: Limits.nameLengthMax)
        self.code = code
        self.name = trimmed
        self.settings = settings
        self.purchasePremium = purchasePremium
    }
}
