import CLibPQ
import Foundation

/// One connection to PostgreSQL. Every call blocks its thread until the server answers,
/// so async code reaches connections through `ConnectionPool`, which runs them on
/// threads of their own. Not for use from two threads at once.
public final class Connection {
    private let handle: OpaquePointer
    /// Statements prepared on this connection, by their text and parameter types: the
    /// server parses and plans a statement once per connection, not once per call.
    private var prepared: [PreparedKey: String] = [:]
    /// Statements built with a varying number of values (batch inserts) differ in text, so
    /// the cache is bounded; past the bound, new texts run unprepared.
    public static let preparedLimit = 256
    /// Statements ever prepared here: their names are numbered by it.
    private var preparedCount = 0

    private struct PreparedKey: Hashable {
        let sql: String
        let types: [Oid]
    }

    /// Connects with a URL (`postgresql://user@host/db?…`) or a conninfo string
    /// (`host=… dbname=…`). The text is handed to libpq whole, never spliced with other
    /// parts; `database`, if given, replaces the database it names.
    public convenience init(url: String, database: String? = nil, applicationName: String = "coopledger") throws(PostgresError) {
        // connect_timeout and options first: a value in the URL overrides them. Without one,
        // an unreachable host fails in 10 s instead of hanging; and no statement is compiled
        // by JIT, whose compiling took 2.4 of the 2.9 s of a district's benefit statements
        // for a tenth of its cooperatives (the planner's estimates of those statements run
        // high, past JIT's thresholds, while each reads a few thousand rows a cooperative).
        var keywords = ["connect_timeout", "options", "dbname", "application_name", "client_encoding"]
        var values = ["10", "-c jit=off", url, applicationName, "UTF8"]
        if let database {
            keywords.append("dbname")
            values.append(database)
        }
        // expand_dbname: the first value may be a whole URL or conninfo string; the entries
        // after it override what it says.
        self.init(handle: try Self.connect(keywords: keywords, values: values, expandingDatabaseName: true))
    }

    /// A second connection to the same server and database, as the same user, with the same
    /// settings: for work that reads several streams at once in one snapshot (`verify`).
    public func connectAgain() throws(PostgresError) -> Connection {
        guard let options = PQconninfo(handle) else { throw PostgresError(kind: .connection, message: "libpq could not list the connection's settings") }
        defer { PQconninfoFree(options) }
        var keywords: [String?] = [], values: [String?] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                keywords.append(String(cString: keyword))
                values.append(String(cString: value))
            }
            option += 1
        }
        return Connection(handle: try Self.connect(keywords: keywords, values: values, expandingDatabaseName: false))
    }

    private static func connect(keywords: [String?], values: [String?], expandingDatabaseName: Bool) throws(PostgresError) -> OpaquePointer {
        let handle = CStrings.withPointers(keywords + [nil]) { keywordPointers in
            CStrings.withPointers(values + [nil]) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, expandingDatabaseName ? 1 : 0)
            }
        }
        guard let handle else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.errorText(handle)
            PQfinish(handle)
            throw PostgresError(kind: .connection, message: message)
        }
        return handle
    }

    private init(handle: OpaquePointer) {
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        self.handle = handle
    }

    deinit {
        PQfinish(handle)
    }

    /// False once the connection is lost; a pool then replaces it.
    public var isUsable: Bool { PQstatus(handle) == CONNECTION_OK }

    /// True between BEGIN and COMMIT or ROLLBACK.
    public var isInTransaction: Bool { PQtransactionStatus(handle) != PQTRANS_IDLE }

    /// The database this connection is to.
    private func databaseName() -> String { PQdb(handle).map { String(cString: $0) } ?? "" }

    /// True inside a transaction that a failed statement has aborted.
    public var isTransactionFailed: Bool { PQtransactionStatus(handle) == PQTRANS_INERROR }

    /// Runs one statement with its parameters and returns its rows.
    @discardableResult
    public func query(_ query: Query) throws(PostgresError) -> QueryResult {
        let result = try send(query)
        defer { PQclear(result) }
        try Self.check(result, expecting: [PGRES_TUPLES_OK, PGRES_COMMAND_OK], handle: handle)
        return Self.materialize(result)
    }

    /// Runs SQL text that may hold several statements (a migration file), with no parameters.
    public func execute(unsafeSQL sql: String) throws(PostgresError) {
        Self.statementLog.record(sql, database: databaseName)
        guard let result = PQexec(handle, sql) else { throw connectionLost() }
        defer { PQclear(result) }
        try Self.check(result, expecting: [PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY], handle: handle)
    }

    /// Sends one statement; `prepared`: as a statement prepared once on this connection.
    private func send(_ query: Query, prepared usePrepared: Bool = true) throws(PostgresError) -> OpaquePointer {
        Self.statementLog.record(query.sql, database: databaseName)
        let bindings = query.bindings
        for (index, binding) in bindings.enumerated() where binding.text?.utf8.contains(0) == true {
            throw PostgresError(kind: .encoding, message: "parameter $\(index + 1) contains a NUL byte, which PostgreSQL text cannot hold")
        }
        let types = bindings.map { Oid($0.type.oid) }
        let key = PreparedKey(sql: query.sql, types: types)
        let name = usePrepared ? try preparedName(for: key) : nil
        let result = CStrings.withPointers(bindings.map(\.text)) { values in
            if let name {
                PQexecPrepared(handle, name, Int32(bindings.count), values, nil, nil, 0)
            } else {
                PQexecParams(handle, query.sql, Int32(bindings.count), types, values, nil, nil, 0)
            }
        }
        guard let result else { throw connectionLost() }
        // A statement prepared before a migration changed what it returns is prepared again
        // under a new name; outside a transaction it runs again at once (unprepared), inside one
        // the transaction has failed and its caller retries.
        if name != nil, Self.isStalePreparedStatement(result) {
            prepared[key] = nil
            if !isInTransaction {
                PQclear(result)
                return try send(query, prepared: false)
            }
        }
        return result
    }

    private static func isStalePreparedStatement(_ result: OpaquePointer) -> Bool {
        PQresultStatus(result) == PGRES_FATAL_ERROR
            && PQresultErrorField(result, CLIBPQ_DIAG_SQLSTATE).map { String(cString: $0) } == SQLState.featureNotSupported.code
            && PQresultErrorField(result, CLIBPQ_DIAG_MESSAGE_PRIMARY).map { String(cString: $0).hasPrefix("cached plan must not change result type") } == true
    }

    /// The name `key` is prepared under on this connection, preparing it now if it is new;
    /// nil once the cache is full. A statement the server refuses to prepare throws the
    /// error running it would have.
    private func preparedName(for key: PreparedKey) throws(PostgresError) -> String? {
        if let name = prepared[key] { return name }
        // Counts those replaced after a schema change too: they stay on the server.
        guard preparedCount < Self.preparedLimit else { return nil }
        preparedCount += 1
        let name = "coopledger_\(preparedCount)"
        guard let result = PQprepare(handle, name, key.sql, Int32(key.types.count), key.types) else { throw connectionLost() }
        defer { PQclear(result) }
        try Self.check(result, expecting: [PGRES_COMMAND_OK], handle: handle)
        prepared[key] = name
        return name
    }

    // MARK: - COPY

    /// Streams rows into `COPY … FROM STDIN` (text format). `write` is called once with a
    /// writer; if it throws, the COPY is aborted and nothing it sent is kept.
    @discardableResult
    public func copyIn(_ statement: Query, write: (inout CopyWriter) throws -> Void) throws -> Int64 {
        try startCopy(statement, expecting: PGRES_COPY_IN, "COPY FROM STDIN")
        var writer = CopyWriter { [handle] chunk throws(PostgresError) in
            let sent = chunk.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            guard sent == 1 else { throw PostgresError(kind: .connection, message: Self.errorText(handle)) }
        }
        do {
            try write(&writer)
            try writer.flush()
        } catch {
            _ = PQputCopyEnd(handle, "aborted by client")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw connectionLost() }
        return try finishCopy()
    }

    /// Starts `COPY (…) TO STDOUT (FORMAT binary)`; its rows are read from the reader, whose
    /// thread uses this connection until the COPY has ended (`next()` false or thrown).
    public func copyOutBinary(_ statement: Query) throws(PostgresError) -> BinaryCopyReader {
        try startCopy(statement, expecting: PGRES_COPY_OUT, "COPY TO STDOUT")
        return BinaryCopyReader(connection: self)
    }

    /// Sends a COPY statement (never prepared: its text is a one-off) and checks that the
    /// server is now in the COPY state `status`; its error otherwise.
    private func startCopy(_ statement: Query, expecting status: ExecStatusType, _ name: String) throws(PostgresError) {
        let start = try send(statement, prepared: false)
        defer { PQclear(start) }
        guard PQresultStatus(start) == status else {
            try Self.check(start, expecting: [status], handle: handle)
            throw PostgresError(kind: .protocolViolation, message: "statement did not start \(name)")
        }
    }

    /// One CopyData message of a COPY TO STDOUT, waiting for it: its length, -1 at the end,
    /// -2 on an error. The caller frees `buffer` with PQfreemem.
    func readCopyData(into buffer: inout UnsafeMutablePointer<CChar>?) -> Int32 {
        PQgetCopyData(handle, &buffer, 0)
    }

    @discardableResult
    func finishCopy() throws(PostgresError) -> Int64 {
        var firstError: PostgresError?
        var copied: Int64 = 0
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            do {
                try Self.check(result, expecting: [PGRES_COMMAND_OK], handle: handle)
                copied = Self.affectedRows(result)
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return copied
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    // MARK: - Results

    private func connectionLost() -> PostgresError {
        PostgresError(kind: .connection, message: Self.errorText(handle))
    }

    static func errorText(_ handle: OpaquePointer) -> String {
        guard let text = PQerrorMessage(handle) else { return "unknown libpq error" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func check(_ result: OpaquePointer, expecting statuses: [ExecStatusType], handle: OpaquePointer) throws(PostgresError) {
        let status = PQresultStatus(result)
        if statuses.contains(status) { return }
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let sqlState = field(CLIBPQ_DIAG_SQLSTATE).map(SQLState.init)
        let message =
            field(CLIBPQ_DIAG_MESSAGE_PRIMARY)
            ?? PQresultErrorMessage(result).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? errorText(handle)
        // The server's errors carry a SQLSTATE; a fatal error without one is libpq's own,
        // which mid-statement means the connection was lost (a crash, a restart) even while
        // PQstatus still reads OK: the caller may retry elsewhere (503), not a bug (500).
        let kind: PostgresError.Kind =
            if status == PGRES_FATAL_ERROR && sqlState != nil {
                .server
            } else if status == PGRES_FATAL_ERROR || PQstatus(handle) != CONNECTION_OK {
                .connection
            } else {
                .protocolViolation
            }
        throw PostgresError(
            kind: kind, sqlState: sqlState, message: message.trimmingCharacters(in: .whitespacesAndNewlines),
            detail: field(CLIBPQ_DIAG_MESSAGE_DETAIL), hint: field(CLIBPQ_DIAG_MESSAGE_HINT),
            constraint: field(CLIBPQ_DIAG_CONSTRAINT_NAME), table: field(CLIBPQ_DIAG_TABLE_NAME),
            column: field(CLIBPQ_DIAG_COLUMN_NAME)
        )
    }

    private static func materialize(_ result: OpaquePointer) -> QueryResult {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let columns = (0..<columnCount).map { index in
            QueryResult.Column(
                name: PQfname(result, index).map { String(cString: $0) } ?? "?column?",
                type: PostgresType(oid: UInt32(PQftype(result, index)))
            )
        }
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for rowIndex in 0..<rowCount {
            let values: [String?] = (0..<columnCount).map { columnIndex in
                PQgetisnull(result, rowIndex, columnIndex) == 1
                    ? nil : String(cString: PQgetvalue(result, rowIndex, columnIndex))
            }
            rows.append(Row(columns: columns, values: values))
        }
        return QueryResult(columns: columns, rows: rows, affectedRows: affectedRows(result))
    }

    private static func affectedRows(_ result: OpaquePointer) -> Int64 {
        guard let text = PQcmdTuples(result) else { return 0 }
        return Int64(String(cString: text)) ?? 0
    }
}

/// Keeps C copies of Swift strings alive for the length of one libpq call.
enum CStrings {
    static func withPointers<Result>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
