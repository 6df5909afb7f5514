/// The rows a statement returned, copied out of libpq's result (which is cleared at once).
public struct QueryResult: Sendable {
    public struct Column: Sendable {
        public let name: String
        public let type: PostgresType
    }

    public let columns: [Column]
    public let rows: [Row]
    /// Rows inserted, updated, deleted or copied, as the command tag reports.
    public let affectedRows: Int64

    /// The only row; refuses zero or several.
    public func singleRow() throws(PostgresError) -> Row {
        guard rows.count == 1 else {
            throw PostgresError(kind: .decoding, message: "expected one row, got \(rows.count)")
        }
        return rows[0]
    }
}

/// One result row. Values are decoded on request, by position or by column name.
public struct Row: Sendable {
    let columns: [QueryResult.Column]
    let values: [String?]

    public func decode<Value: PostgresDecodable>(_: Value.Type = Value.self, at index: Int) throws(PostgresError) -> Value {
        guard columns.indices.contains(index) else {
            throw PostgresError(kind: .decoding, message: "no column at position \(index) (row has \(columns.count))")
        }
        let column = columns[index]
        guard let text = values[index] else { return try Value.decodeNull(column: column.name) }
        do {
            return try Value.decode(postgresText: text, type: column.type)
        } catch {
            var error = error
            error.column = column.name
            error.message = "column \(column.name): " + error.message
            throw error
        }
    }

    public func decode<Value: PostgresDecodable>(_: Value.Type = Value.self, named name: String) throws(PostgresError) -> Value {
        guard let index = columns.firstIndex(where: { $0.name == name }) else {
            throw PostgresError(kind: .decoding, message: "no column named \(name)")
        }
        return try decode(Value.self, at: index)
    }
}
