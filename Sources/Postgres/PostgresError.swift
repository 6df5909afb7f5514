/// A SQLSTATE code. Open on purpose: a code this wrapper does not name keeps its value.
public struct SQLState: Hashable, Sendable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) { self.code = code }

    public var description: String { code }

    public static let uniqueViolation = SQLState("23505")
    public static let foreignKeyViolation = SQLState("23503")
    public static let checkViolation = SQLState("23514")
    public static let notNullViolation = SQLState("23502")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    public static let raiseException = SQLState("P0001")
    public static let undefinedTable = SQLState("42P01")
    public static let duplicateDatabase = SQLState("42P04")
    public static let objectInUse = SQLState("55006")
    public static let featureNotSupported = SQLState("0A000")
    public static let lockNotAvailable = SQLState("55P03")
    public static let insufficientPrivilege = SQLState("42501")

    /// Class 08 (the connection failed or was lost), or 57P01–57P03 (the server is shutting
    /// down, crashed, or not accepting connections yet).
    public var isConnectionException: Bool { code.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(code) }
}

/// An error from PostgreSQL or from this wrapper.
///
/// `description` names the kind and SQLSTATE only: the server's message, detail and
/// hint can carry data values and SQL text, so they appear only in `debugDescription`
/// and in the properties, for callers that decide what is safe to show.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Kind: String, Sendable {
        /// Could not connect, or the connection broke.
        case connection
        /// The server refused a statement.
        case server
        /// A value could not be sent (for example a NUL byte in text).
        case encoding
        /// A column could not be read as the requested Swift type.
        case decoding
        /// The server answered in a way this wrapper did not expect.
        case protocolViolation
    }

    public var kind: Kind
    public var sqlState: SQLState?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?

    public init(
        kind: Kind, sqlState: SQLState? = nil, message: String, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    /// True when the database could not be reached or the connection was lost.
    public var isConnectionFailure: Bool {
        kind == .connection || (sqlState?.isConnectionException ?? false)
    }

    public var description: String {
        var text = "PostgresError(\(kind.rawValue)"
        if let sqlState { text += ", sqlstate \(sqlState)" }
        if let constraint { text += ", constraint \(constraint)" }
        // Wrapper-made messages (encoding, decoding) hold no server data: show them.
        if kind == .encoding || kind == .decoding { text += ": \(message)" }
        return text + ")"
    }

    public var debugDescription: String {
        var parts = ["kind: \(kind.rawValue)"]
        if let sqlState { parts.append("sqlstate: \(sqlState)") }
        parts.append("message: \(message)")
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let table { parts.append("table: \(table)") }
        if let column { parts.append("column: \(column)") }
        return "PostgresError(" + parts.joined(separator: ", ") + ")"
    }
}
