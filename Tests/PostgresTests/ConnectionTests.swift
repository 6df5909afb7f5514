import Postgres
import Testing
import TestSupport

@Suite struct ConnectionTests {
    @Test func textParametersRoundTripExactly() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let values = ["it's", "back\\slash", "\"quoted\"", "白银区养殖专业合作社", "tab\there\nnew line", "", "'); DROP TABLE x; --", "🐖"]
            for value in values {
                let echoed = try connection.query("SELECT \(value) AS value").singleRow().decode(String.self, at: 0)
                #expect(echoed == value)
            }
        }
    }

    @Test func typedValuesAndNullRoundTrip() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let row = try connection.query(
                """
                SELECT \(Int64.max) AS big, \(Int32.min) AS small, \(true) AS yes, \(Optional<String>.none) AS nothing,
                       \([Int32(3), 1, 2]) AS numbers, \(["a,b", "c\"d", "e\\f"]) AS words
                """
            ).singleRow()
            #expect(try row.decode(Int64.self, named: "big") == Int64.max)
            #expect(try row.decode(Int32.self, named: "small") == Int32.min)
            #expect(try row.decode(Bool.self, named: "yes") == true)
            #expect(try row.decode(String?.self, named: "nothing") == nil)
            let sizes = try connection.query("SELECT cardinality(\([Int32(3), 1, 2])) AS n, (\(["a,b", "c\"d", "e\\f"]))[2] AS second").singleRow()
            #expect(try sizes.decode(Int32.self, at: 0) == 3)
            #expect(try sizes.decode(String.self, at: 1) == "c\"d")
        }
    }

    @Test func binaryCopyRowsAreReadInPlaceOneAtATime() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let rows = try connection.copyOutBinary(
                """
                COPY (SELECT n::bigint, CASE WHEN n = 2 THEN NULL ELSE '玉米 "' || n || '"' END::text, (-n)::smallint, (-n)::integer,
                             '2000-01-01'::date + n::integer, '2000-01-01 00:00:00.000001+00'::timestamptz
                      FROM generate_series(1, 3) n) TO STDOUT (FORMAT binary)
                """)
            var seen: [Int64] = []
            while try rows.next() {
                let n = try #require(rows.integer(0))
                seen.append(n)
                #expect(rows.count == 6)
                #expect(rows.bytes(1).map { String(decoding: $0, as: UTF8.self) } == (n == 2 ? nil : "玉米 \"\(n)\""))
                #expect(rows.isNull(1) == (n == 2))
                #expect(rows.integer(2) == -n)
                #expect(rows.integer(3) == -n)
                #expect(rows.integer(4) == n, "a date is days since 2000-01-01")
                #expect(rows.integer(5) == 1, "a timestamp is microseconds since 2000-01-01 UTC")
            }
            #expect(seen == [1, 2, 3])
            #expect(try rows.next() == false)
            // The connection is free again, and a second one reaches the same database.
            #expect(try connection.query("SELECT 1").singleRow().decode(Int32.self, at: 0) == 1)
            let again = try connection.connectAgain()
            #expect(
                try again.query("SELECT current_database()").singleRow().decode(String.self, at: 0)
                    == connection.query("SELECT current_database()").singleRow().decode(String.self, at: 0))
        }
    }

    /// The rows are read ahead on a thread, in chunks of 64 KB and at most 4 MB ahead: a
    /// stream many times that, with rows longer than a chunk among them, comes whole and in order.
    @Test func aBinaryCopyLongerThanItsReadAheadComesWholeAndInOrder() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let rows = try connection.copyOutBinary(
                """
                COPY (SELECT n::bigint, repeat('x', CASE WHEN n % 40000 = 0 THEN 200000 ELSE n % 97 END)::text
                      FROM generate_series(1, 400000) n) TO STDOUT (FORMAT binary)
                """)
            var next: Int64 = 1, misread: [Int64] = []
            while try rows.next() {
                let length = next % 40000 == 0 ? 200_000 : Int(next % 97)
                if rows.integer(0) != next || rows.bytes(1)?.count != length || rows.bytes(1)?.allSatisfy({ $0 == 120 }) != true {
                    misread.append(next)
                }
                next += 1
            }
            #expect(next == 400_001)
            #expect(misread.isEmpty, "rows read wrong: \(misread.prefix(5))")
            #expect(try connection.query("SELECT 3").singleRow().decode(Int32.self, at: 0) == 3)
        }
    }

    /// A reader dropped halfway, with its connection, leaves no thread reading and no server
    /// process sending.
    @Test func aBinaryCopyLeftHalfReadEndsWithItsConnection() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let watcher = try database.connect()
            do {
                let connection = try database.connect()
                let rows = try connection.copyOutBinary(
                    "COPY (SELECT n::bigint, repeat('y', 100)::text FROM generate_series(1, 2000000) n) TO STDOUT (FORMAT binary)")
                for _ in 0..<10 { #expect(try rows.next()) }
            }
            var sending: Int64 = 1
            for _ in 0..<100 where sending > 0 {
                sending = try watcher.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT n::bigint, repeat(''y''%' AND pid <> pg_backend_pid()"
                ).singleRow().decode(Int64.self, at: 0)
                if sending > 0 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(sending == 0, "the server still sends a COPY nobody reads")
        }
    }

    @Test func binaryCopyReportsTheServersErrorAtTheEnd() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let rows = try connection.copyOutBinary("COPY (SELECT 1 / (3 - n) FROM generate_series(1, 5) n) TO STDOUT (FORMAT binary)")
            #expect(throws: PostgresError.self) { while try rows.next() {} }
            #expect(try connection.query("SELECT 2").singleRow().decode(Int32.self, at: 0) == 2)
        }
    }

    @Test func decodingRefusesTypeMismatchAndNull() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            let row = try connection.query("SELECT 5::bigint AS amount, NULL::text AS memo").singleRow()
            #expect(throws: PostgresError.self) { try row.decode(Bool.self, named: "amount") }
            #expect(throws: PostgresError.self) { try row.decode(Int32.self, named: "amount") }
            #expect(throws: PostgresError.self) { try row.decode(String.self, named: "memo") }
            do throws(PostgresError) {
                _ = try row.decode(String.self, named: "amount")
                Issue.record("a bigint column was read as String")
            } catch {
                #expect(error.kind == .decoding)
                #expect(error.message.contains("amount"))
            }
        }
    }

    @Test func nulByteInParameterIsRefusedBeforeSending() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            do throws(PostgresError) {
                try connection.query("SELECT \("a\u{0}b")")
                Issue.record("a NUL byte was sent")
            } catch {
                #expect(error.kind == .encoding)
            }
        }
    }

    @Test func serverErrorKeepsSQLStateAndConstraintButDescriptionHidesDetail() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE secrets (name text CONSTRAINT secrets_name_key UNIQUE)")
            try connection.query("INSERT INTO secrets VALUES (\("hunter2"))")
            do throws(PostgresError) {
                try connection.query("INSERT INTO secrets VALUES (\("hunter2"))")
                Issue.record("duplicate accepted")
            } catch {
                #expect(error.sqlState == .uniqueViolation)
                #expect(error.constraint == "secrets_name_key")
                #expect(error.detail?.contains("hunter2") == true)
                #expect(!error.description.contains("hunter2"))
                #expect(String(reflecting: error).contains("hunter2"))
            }
            do throws(PostgresError) {
                try connection.query("SELEC 1")
                Issue.record("syntax error accepted")
            } catch {
                #expect(error.sqlState == SQLState("42601"))
                #expect(error.kind == .server)
            }
        }
    }

    @Test func preparedStatementsFollowSchemaChangesAndOutgrowTheirCache() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE items (id integer PRIMARY KEY)")
            try connection.query("INSERT INTO items VALUES (\(Int32(1)))")
            for _ in 0..<6 { #expect(try connection.query("SELECT * FROM items").columns.count == 1) }
            // The prepared statement's result changes shape: it is prepared again, unseen.
            try connection.query("ALTER TABLE items ADD COLUMN name text DEFAULT 'one'")
            let row = try connection.query("SELECT * FROM items").singleRow()
            #expect(try row.decode(String.self, named: "name") == "one")
            // More distinct statements than the cache holds still run (unprepared).
            for n in 0..<(Connection.preparedLimit + 10) {
                #expect(try connection.query(Query(unsafeSQL: "SELECT \(n) + \(n)")).singleRow().decode(Int32.self, at: 0) == Int32(2 * n))
            }
            #expect(
                try connection.query("SELECT count(*) FROM pg_prepared_statements").singleRow().decode(Int64.self, at: 0) <= Int64(Connection.preparedLimit))
        }
    }

    @Test func failedTransactionLeavesNothingBehind() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE items (id integer PRIMARY KEY)")
            struct Abort: Error {}
            #expect(throws: Abort.self) {
                try connection.withTransaction { connection in
                    try connection.query("INSERT INTO items VALUES (1)")
                    throw Abort()
                }
            }
            #expect(throws: PostgresError.self) {
                try connection.withTransaction(isolation: .serializable) { connection in
                    try connection.query("INSERT INTO items VALUES (2)")
                    try connection.query("INSERT INTO items VALUES (2)")
                }
            }
            #expect(!connection.isInTransaction)
            let count = try connection.query("SELECT count(*) FROM items").singleRow().decode(Int64.self, at: 0)
            #expect(count == 0)
        }
    }

    @Test func copyInLoadsRowsWithSpecialCharactersAndAbortsCleanly() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let connection = try database.connect()
            try connection.query("CREATE TABLE lines (n integer, memo text)")
            let memos: [String?] = ["玉米, \"优质\"", "tab\tand\nnewline", "back\\slash", nil, "\\N"]
            let copied = try connection.copyIn("COPY lines (n, memo) FROM STDIN") { writer in
                for (index, memo) in memos.enumerated() { try writer.writeRow([String(index), memo]) }
            }
            #expect(copied == Int64(memos.count))
            let rows = try connection.query("SELECT memo FROM lines ORDER BY n").rows
            #expect(try rows.map { try $0.decode(String?.self, at: 0) } == memos)

            struct Stop: Error {}
            #expect(throws: Stop.self) {
                try connection.copyIn("COPY lines (n, memo) FROM STDIN") { writer in
                    try writer.writeRow(["99", "never kept"])
                    throw Stop()
                }
            }
            #expect(try connection.query("SELECT count(*) FROM lines").singleRow().decode(Int64.self, at: 0) == Int64(memos.count))
            // The connection is still usable after the aborted COPY.
            #expect(try connection.query("SELECT 1::integer").singleRow().decode(Int32.self, at: 0) == 1)
        }
    }

    /// Statements are never compiled by JIT (see `Connection.init(url:)`), unless the URL's
    /// own `options` say otherwise.
    @Test func jitIsOffUnlessTheURLSaysOtherwise() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            #expect(try database.connect().query("SHOW jit").singleRow().decode(String.self, at: 0) == "off")
            let separator = database.adminURL.contains("?") ? "&" : "?"
            let asked = try Connection(url: database.adminURL + separator + "options=-c%20jit%3Don", database: database.name)
            #expect(try asked.query("SHOW jit").singleRow().decode(String.self, at: 0) == "on")
        }
    }

    @Test func unreachableServerIsAConnectionFailure() {
        do throws(PostgresError) {
            _ = try Connection(url: "postgresql://nobody@/nothing?host=/nonexistent-socket-dir&connect_timeout=2")
            Issue.record("connected to nothing")
        } catch {
            #expect(error.isConnectionFailure)
        }
    }

    @Test func interpolatedQueriesRenumberParametersWhenJoined() {
        var query: Query = "SELECT \(Int64(1)), \("a")"
        query.append(" UNION ALL SELECT \(Int64(2)), \("b")")
        #expect(query.sql == "SELECT $1, $2 UNION ALL SELECT $3, $4")
        #expect(query.bindings.map(\.text) == ["1", "a", "2", "b"])
        let named: Query = "CREATE DATABASE \(identifier: "we\"ird")"
        #expect(named.sql == "CREATE DATABASE \"we\"\"ird\"")
    }
}
