/// A SQL statement with its parameters bound separately from the text.
///
/// Interpolated values become `$1, $2, …` parameters, so a value can never change the
/// statement: `"SELECT name FROM members WHERE member_no = \(number)"`.
/// A `String` variable is not a `Query`; SQL assembled at run time must go through
/// `Query(unsafeSQL:)`, the one named escape hatch.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var sql: String
    public private(set) var bindings: [PostgresBinding]

    /// Raw SQL with no parameters. Only for text the program owns (migration files,
    /// statements built from constants); never for text that came from a user.
    public init(unsafeSQL sql: String) {
        self.sql = sql
        self.bindings = []
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    /// The SQL text only: bound values are not shown, so logging a query leaks no data.
    public var description: String { sql }

    /// Appends another query, renumbering its parameters after this one's. In place, so
    /// building a statement of many rows costs time in proportion to its size.
    public mutating func append(_ other: Query) {
        let offset = bindings.count
        sql += offset == 0 ? other.sql : StringInterpolation.renumber(other.sql, by: offset)
        bindings += other.bindings
    }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql = ""
        var bindings: [PostgresBinding] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            bind(PostgresBinding(type: type(of: value).postgresType, text: value.postgresText))
        }

        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bind(PostgresBinding(type: Value.postgresType, text: value?.postgresText))
        }

        /// A quoted identifier (a database or role name), for statements that cannot take parameters.
        public mutating func appendInterpolation(identifier: String) {
            sql += "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }

        /// Splices in another query, parameters renumbered.
        public mutating func appendInterpolation(_ query: Query) {
            appendQuery(query)
        }

        mutating func appendQuery(_ query: Query) {
            let offset = bindings.count
            sql += offset == 0 ? query.sql : Self.renumber(query.sql, by: offset)
            bindings += query.bindings
        }

        private mutating func bind(_ binding: PostgresBinding) {
            bindings.append(binding)
            sql += "$\(bindings.count)"
        }

        /// Shifts every `$n` placeholder by `offset`. Placeholders inside string literals
        /// cannot occur: queries are built from literals with interpolated values only.
        static func renumber(_ sql: String, by offset: Int) -> String {
            let bytes = Array(sql.utf8)
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                result.append(byte)
                guard byte == UInt8(ascii: "$") else { continue }
                var number = 0
                let digitsStart = index
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                }
                if index > digitsStart { result += Array(String(number + offset).utf8) }
            }
            return String(decoding: result, as: UTF8.self)
        }
    }
}
