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

    /// Appends another query, renumbering its parameters after this one's.
    public mutating func append(_ other: Query) {
        var interpolation = StringInterpolation(literalCapacity: other.sql.count, interpolationCount: other.bindings.count)
        interpolation.sql = sql
        interpolation.bindings = bindings
        interpolation.appendQuery(other)
        sql = interpolation.sql
        bindings = interpolation.bindings
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
        private static func renumber(_ sql: String, by offset: Int) -> String {
            var result = ""
            var index = sql.startIndex
            while index < sql.endIndex {
                let character = sql[index]
                guard character == "$" else {
                    result.append(character)
                    index = sql.index(after: index)
                    continue
                }
                var digitsEnd = sql.index(after: index)
                while digitsEnd < sql.endIndex, sql[digitsEnd].isASCII, sql[digitsEnd].isNumber {
                    digitsEnd = sql.index(after: digitsEnd)
                }
                if let number = Int(sql[sql.index(after: index)..<digitsEnd]) {
                    result += "$\(number + offset)"
                } else {
                    result.append(character)
                }
                index = digitsEnd
            }
            return result
        }
    }
}
