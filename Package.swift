// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "coopledger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coopledger", targets: ["coopledger"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Hummingbird's own HTTP layer, for the parser-error answer (already in its graph).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // Pure domain: money, accounts, journal entries. Standard library and Foundation only.
        .target(name: "LedgerCore"),

        // libpq, the PostgreSQL C client library, as Debian's libpq-dev ships it.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // OpenSSL's libcrypto (Debian's libssl-dev, which libpq-dev needs): SHA-256.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // A thin, safe wrapper over libpq. Knows nothing of ledgers.
        .target(
            name: "Postgres",
            dependencies: ["CLibPQ", .product(name: "Logging", package: "swift-log")]
        ),
        // libxlsxwriter (Debian's libxlsxwriter-dev), and Excel files written through it and
        // read with ZIPFoundation and FoundationXML: knows nothing of ledgers.
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(name: "Spreadsheet", dependencies: ["CXlsxWriter", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The private PostgreSQL cluster used when no database URL is given.
        .target(name: "EmbeddedPostgres", dependencies: ["Postgres", "CSpawn"]),
        // glibc's posix_spawn extensions (close inherited descriptors, start in a folder).
        .target(name: "CSpawn"),
        // Migrations and the mapping between LedgerCore values and SQL rows.
        .target(name: "LedgerStore", dependencies: ["LedgerCore", "Postgres", "CLibCrypto"]),
        // Use cases shared by the command line, the HTTP API and the web pages.
        .target(
            name: "LedgerService",
            dependencies: [
                "LedgerCore", "LedgerStore", "Postgres", "Spreadsheet", .product(name: "Logging", package: "swift-log"),
                // bcrypt for people's passwords (its C core only; no HTTP in this module).
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The sample cooperative of domain.md and two years of its books (`coopledger demo`).
        .target(name: "SampleBooks", dependencies: ["LedgerCore", "LedgerService"]),
        // What people read: text tables, CSV, JSON values and printable HTML of the books,
        // shared by the command line, the HTTP API and the web pages.
        .target(name: "LedgerRendering", dependencies: ["LedgerCore", "LedgerService", "Spreadsheet"]),
        // The HTTP API and the web workbench (server-rendered pages, signed-in sessions): a
        // thin Hummingbird 2 layer over the same use cases.
        .target(
            name: "LedgerHTTP",
            dependencies: [
                "LedgerService", "LedgerRendering", "LedgerCore", "Postgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            // The OpenAPI document, served at /openapi.yaml, and the workbench's templates and
            // assets, compiled into the binary (nothing is read from disk or a CDN).
            resources: [.embedInCode("openapi.yaml")] + WebFiles.all.map { .embedInCode("Web/\($0)") }
        ),
        .executableTarget(
            name: "coopledger",
            dependencies: [
                "LedgerService", "LedgerRendering", "SampleBooks", "LedgerCore", "LedgerStore", "LedgerHTTP", "EmbeddedPostgres", "Postgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Helpers for tests that need a real PostgreSQL (a fresh database per test).
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "LedgerStore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "EmbeddedPostgresTests", dependencies: ["EmbeddedPostgres", "Postgres"]),
        .testTarget(name: "LedgerStoreTests", dependencies: ["LedgerStore", "LedgerCore", "Postgres", "TestSupport"]),
        .testTarget(
            name: "LedgerHTTPTests",
            dependencies: [
                "LedgerHTTP", "LedgerService", "LedgerRendering", "LedgerCore", "LedgerStore", "Postgres", "TestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .testTarget(
            name: "LedgerServiceTests",
            dependencies: [
                "LedgerService", "LedgerRendering", "SampleBooks", "LedgerCore", "LedgerStore", "Postgres", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet"]),
        .testTarget(name: "LedgerRenderingTests", dependencies: ["LedgerRendering", "LedgerCore"]),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["coopledger", "LedgerCore", "Postgres", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ],
    swiftLanguageModes: [.v6]
)

/// The workbench's templates and assets, each embedded as `PackageResources.<name>`: every
/// file in Web/Templates and Web/Assets, so the directories are the one list (WebTemplate
/// names each template once more, and a test holds the two equal).
enum WebFiles {
    static let all: [String] = ["Templates", "Assets"].flatMap { folder in
        let path = Context.packageDirectory + "/Sources/LedgerHTTP/Web/" + folder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder + "/" + $0 }
    }
}
