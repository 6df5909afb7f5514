import Foundation

/// Well-known type OIDs from pg_type.
public struct PostgresType: Hashable, Sendable, CustomStringConvertible {
    public let oid: UInt32
    public init(oid: UInt32) { self.oid = oid }

    public static let unknown = PostgresType(oid: 0)
    public static let bool = PostgresType(oid: 16)
    public static let bytea = PostgresType(oid: 17)
    public static let name = PostgresType(oid: 19)
    public static let int8 = PostgresType(oid: 20)
    public static let int2 = PostgresType(oid: 21)
    public static let int4 = PostgresType(oid: 23)
    public static let text = PostgresType(oid: 25)
    public static let char = PostgresType(oid: 18)
    public static let bpchar = PostgresType(oid: 1042)
    public static let varchar = PostgresType(oid: 1043)
    public static let date = PostgresType(oid: 1082)
    public static let timestamptz = PostgresType(oid: 1184)
    public static let int4Array = PostgresType(oid: 1007)
    public static let int8Array = PostgresType(oid: 1016)
    public static let textArray = PostgresType(oid: 1009)

    public var description: String {
        switch self {
        case .bool: "boolean"
        case .int2: "smallint"
        case .int4: "integer"
        case .int8: "bigint"
        case .text: "text"
        case .varchar: "varchar"
        case .bpchar: "char"
        case .name: "name"
        case .date: "date"
        case .timestamptz: "timestamptz"
        default: "type oid \(oid)"
        }
    }
}

/// One bound parameter in PostgreSQL's text format; `nil` text is SQL NULL.
public struct PostgresBinding: Sendable {
    public var type: PostgresType
    public var text: String?

    public init(type: PostgresType, text: String?) {
        self.type = type
        self.text = text
    }
}

/// A Swift value that can be sent as a query parameter.
public protocol PostgresEncodable: Sendable {
    static var postgresType: PostgresType { get }
    /// The value in PostgreSQL's text input format.
    var postgresText: String { get }
}

/// A Swift value that can be read from a result column in text format.
public protocol PostgresDecodable {
    /// Decodes a non-NULL value. `type` is the column's type; refuse types that do not fit.
    static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> Self
    /// What to produce for SQL NULL; the default refuses it.
    static func decodeNull(column: String) throws(PostgresError) -> Self
}

public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

extension PostgresDecodable {
    public static func decodeNull(column: String) throws(PostgresError) -> Self {
        throw PostgresError(kind: .decoding, message: "column \(column) is NULL, expected \(Self.self)")
    }

    static func typeMismatch(_ type: PostgresType) -> PostgresError {
        PostgresError(kind: .decoding, message: "cannot read a \(type) column as \(Self.self)")
    }

    static func unreadable(_ text: String, _ type: PostgresType) -> PostgresError {
        PostgresError(kind: .decoding, message: "cannot read \(type) value '\(text)' as \(Self.self)")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> Self {
        try Wrapped.decode(postgresText: text, type: type)
    }

    public static func decodeNull(column: String) throws(PostgresError) -> Self { nil }
}

extension Int64: PostgresCodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }

    public static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> Int64 {
        guard type == .int8 || type == .int4 || type == .int2 else { throw typeMismatch(type) }
        guard let value = Int64(text) else { throw unreadable(text, type) }
        return value
    }
}

extension Int32: PostgresCodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String { String(self) }

    public static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> Int32 {
        // A bigint column may hold values that do not fit: refuse the type, not just the value.
        guard type == .int4 || type == .int2 else { throw typeMismatch(type) }
        guard let value = Int32(text) else { throw unreadable(text, type) }
        return value
    }
}

extension Int: PostgresCodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }

    public static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> Int {
        Int(try Int64.decode(postgresText: text, type: type))
    }
}

extension String: PostgresCodable {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String { self }

    public static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> String {
        guard [.text, .varchar, .bpchar, .name, .char].contains(type) else { throw typeMismatch(type) }
        return text
    }
}

extension Bool: PostgresCodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String { self ? "t" : "f" }

    public static func decode(postgresText text: String, type: PostgresType) throws(PostgresError) -> Bool {
        guard type == .bool else { throw typeMismatch(type) }
        switch text {
        case "t": return true
        case "f": return false
        default: throw unreadable(text, type)
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresType { Element.postgresArrayType }

    /// The array literal, every element quoted: `{"1","2"}`.
    public var postgresText: String {
        let elements = map { element in
            let text = element.postgresText
                .replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(text)\""
        }
        return "{" + elements.joined(separator: ",") + "}"
    }
}

/// Element types that can be sent inside an array parameter.
public protocol PostgresArrayElement: PostgresEncodable {
    static var postgresArrayType: PostgresType { get }
}

extension Int64: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int8Array } }
extension Int32: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int4Array } }
extension String: PostgresArrayElement { public static var postgresArrayType: PostgresType { .textArray } }
