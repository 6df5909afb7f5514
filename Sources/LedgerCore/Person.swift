/// A person's sign-in name: a lower-case letter, then 1–31 of a–z, 0–9, `.`, `_`, `-`.
/// The database checks the same pattern.
public struct Login: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String

    /// The command line's person when none is named: the machine's operator, an admin of
    /// every cooperative, with no password (it cannot sign in over HTTP).
    public static let system = Login(checked: "system")

    public init(parsing text: String, field: String = "login") throws(LedgerError) {
        let bytes = Array(text.utf8)
        let isLower = { (byte: UInt8) in byte >= 97 && byte <= 122 }
        let isAllowed = { (byte: UInt8) in isLower(byte) || (byte >= 48 && byte <= 57) || byte == 46 || byte == 95 || byte == 45 }
        guard (2...32).contains(bytes.count), isLower(bytes[0]), bytes.allSatisfy(isAllowed) else {
            throw LedgerError(
                .invalidValue, field: field, value: text,
                rule: "a login is 2 to 32 characters: a lower-case letter first, then a–z, 0–9, '.', '_' or '-'")
        }
        rawValue = text
    }

    private init(checked text: String) { rawValue = text }

    public var description: String { rawValue }
    public static func < (lhs: Login, rhs: Login) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a person may do in a cooperative (docs/domain.md, Vouchers). One person may hold several.
public enum PersonRole: String, Sendable, CaseIterable, Comparable {
    /// Reads every cooperative of a district (区农经站), changes nothing; held through
    /// `district_supervisors`, never granted in a cooperative.
    case supervisor
    /// Prepares vouchers and posts day-to-day entries.
    case preparer
    /// Approves other people's vouchers; may also prepare and post.
    case approver
    /// Reads everything, changes nothing.
    case auditor
    /// Everything: members, contracts, runs, periods, people; approves others' vouchers.
    case admin

    /// The access level the API's routes ask for.
    public var access: Role {
        switch self {
        case .auditor, .supervisor: .auditor
        case .preparer, .approver: .bookkeeper
        case .admin: .admin
        }
    }

    public static func < (lhs: PersonRole, rhs: PersonRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Roles that may approve a voucher someone else prepared.
    public static let approving: Set<PersonRole> = [.approver, .admin]
    /// Who prepares, edits and posts vouchers.
    public static let preparing: Set<PersonRole> = [.preparer, .approver, .admin]

    /// The role a token made before people existed acts as (its person is `token-N`).
    public static func forTokenRole(_ role: Role) -> PersonRole {
        switch role {
        case .auditor: .auditor
        case .bookkeeper: .preparer
        case .admin: .admin
        }
    }
}

/// A person and their roles in one cooperative (or every one, `coop` nil).
public struct Person: Sendable, Equatable {
    public let login: Login
    public let name: String

    /// Names are shown on vouchers (制单 王会计): 1–50 characters, not blank.
    public static let nameLengthMax = 50

    public init(login: Login, name: String) throws(LedgerError) {
        let trimmed = try DisplayName.checked(name, what: "a person's name", lengthMax: Self.nameLengthMax)
        self.login = login
        self.name = trimmed
    }
}

/// A password as a person types it: bcrypt reads at most 72 bytes, so longer ones are
/// refused rather than silently cut; short ones are refused too.
public struct Password: Sendable {
    public let text: String
    public static let lengthMin = 8
    public static let bytesMax = 72

    public init(_ text: String) throws(LedgerError) {
        guard text.count >= Self.lengthMin else {
            throw LedgerError(.invalidValue, field: "password", rule: "a password has at least \(Self.lengthMin) characters")
        }
        guard text.utf8.count <= Self.bytesMax else {
            throw LedgerError(.invalidValue, field: "password", rule: "a password has at most \(Self.bytesMax) bytes (bcrypt reads no more)")
        }
        self.text = text
    }
}
