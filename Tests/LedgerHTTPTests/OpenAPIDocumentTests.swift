import Foundation
import Hummingbird
import LedgerCore
import LedgerHTTP
import LedgerRendering
import LedgerService
import Logging
import Postgres
import Testing

/// The routes are written by hand, so the served OpenAPI document is checked against the
/// router: every route documented, every documented route served.
@Suite struct OpenAPIDocumentTests {
    /// `METHOD /path/{param}` for each operation of the document.
    static func documentedOperations(_ yaml: String) -> Set<String> {
        var operations: Set<String> = []
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("  "), !line.hasPrefix("   "), !line.hasPrefix("  /") {
                path = nil
            } else if let current = path, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(method) { operations.insert("\(method.uppercased()) \(current)") }
            } else if !line.hasPrefix(" "), !line.isEmpty {
                path = nil
            }
        }
        return operations
    }

    /// The workbench's HTML pages are for browsers, not API clients: not in the document.
    static func isWorkbenchPage(_ operation: String) -> Bool {
        let path = String(operation.drop { $0 != " " }.dropFirst())
        return path == "/" || ["/coops", "/districts", "/sign-in", "/sign-out", "/assets/", "/language/"].contains { path.hasPrefix($0) }
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() async throws {
        // The router needs a ledger but no database for this: nothing is requested but the document.
        let pool = ConnectionPool(url: "postgresql://nobody@/nothing?host=/nonexistent", maximumConnections: 1, logger: Logger(label: "test"))
        let router = try buildRouter(ledger: Ledger(pool: pool, logger: Logger(label: "test")), pool: pool)
        let served = Set(
            router.routes.map { route -> String in
                let path = route.path.description.split(separator: "/").map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }.joined(separator: "/")
                return "\(route.method.rawValue) /\(path)"
            }.filter { !Self.isWorkbenchPage($0) })
        let client = RouterClient(router: router)
        let yaml = try await client.execute(uri: "/openapi.yaml", method: .get) { response in
            #expect(response.status == .ok)
            return String(buffer: response.body)
        }
        #expect(yaml.hasPrefix("openapi: 3.1"))
        let documented = Self.documentedOperations(yaml)
        #expect(!documented.isEmpty)
        #expect(
            served == documented, "served but undocumented: \(served.subtracting(documented)); documented but not served: \(documented.subtracting(served))")
        await pool.close()
    }
}

@Suite struct ErrorCodeDocumentTests {
    /// The source tree this test was built from.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyErrorCodeIsListedInTheAPIDocumentAndTheREADME() throws {
        let document = try String(contentsOf: Self.repository.appendingPathComponent("Sources/LedgerHTTP/openapi.yaml"), encoding: .utf8)
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        for code in LedgerError.Code.all {
            #expect(document.contains(code.rawValue), "openapi.yaml lacks \(code)")
            #expect(readme.contains("| `\(code.rawValue)` |"), "README lacks \(code)")
        }
    }
}
