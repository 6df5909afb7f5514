import Foundation
import Postgres

/// The private PostgreSQL cluster coopledger uses when no database URL is given.
///
/// It lives under `home` (`$COOPLEDGER_HOME`, default `./.coopledger`), is created with
/// `initdb` on first use, started on demand, and listens on a Unix socket only. PostgreSQL
/// refuses to run as root, so for root the cluster runs as an unprivileged system user
/// and its files live under `/var/lib/coopledger/clusters/`, where that user can reach
/// them even when `home` is in a folder only root can enter; `home/cluster` says where.
public struct EmbeddedCluster: Sendable {
    public enum Status: String, Sendable {
        case notCreated = "not created"
        case stopped
        case running
    }

    public static let databaseName = "coopledger"
    public static let superuser = "coopledger"

    public let home: URL
    let runtime: URL
    let owner: SystemUser?

    public init(home: URL) {
        self.home = home.standardizedFileURL
        if geteuid() == 0 {
            // The pointer file in home names the cluster; a home without one (new, or
            // deleted and made again) gets a cluster of its own, never an old one.
            let pointer = self.home.appendingPathComponent("cluster")
            let recorded = (try? String(contentsOf: pointer, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            let fresh = "/var/lib/coopledger/clusters/\(Self.fingerprint(of: self.home.path))-\(UUID().uuidString.prefix(8).lowercased())"
            self.runtime = URL(fileURLWithPath: recorded.flatMap { $0.isEmpty ? nil : $0 } ?? fresh)
            self.owner = SystemUser.unprivileged
        } else {
            self.runtime = self.home
            self.owner = nil
        }
    }

    /// `$COOPLEDGER_HOME`, else `.coopledger` in the current folder.
    public static func fromEnvironment() -> EmbeddedCluster {
        let environment = ProcessInfo.processInfo.environment
        let path = environment["COOPLEDGER_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".coopledger"
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return EmbeddedCluster(home: URL(fileURLWithPath: path, relativeTo: cwd))
    }

    var dataDirectory: URL { runtime.appendingPathComponent("data") }
    var logFile: URL { runtime.appendingPathComponent("postgres.log") }

    /// The socket folder: the cluster's own folder, unless its path is too long for a
    /// Unix socket address (107 bytes), then a short one under /tmp.
    var socketDirectory: URL {
        if runtime.path.utf8.count + "/.s.PGSQL.5432".utf8.count <= 100 { return runtime }
        return URL(fileURLWithPath: "/tmp/coopledger-\(Self.fingerprint(of: runtime.path))")
    }

    /// The URL to connect with: `psql "$(coopledger db url)"` works.
    public var url: String { url(as: Self.superuser) }

    /// The URL to connect as `user` (the cluster trusts its local socket).
    public func url(as user: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let host = socketDirectory.path.addingPercentEncoding(withAllowedCharacters: allowed) ?? socketDirectory.path
        return "postgresql://\(user)@/\(Self.databaseName)?host=\(host)"
    }

    public func status() throws -> Status {
        guard FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path) else {
            return .notCreated
        }
        let result = try run(PostgresBinaries.locate().pgCtl, ["status", "-D", dataDirectory.path])
        return result.status == 0 ? .running : .stopped
    }

    /// Creates and starts the cluster as needed, and its database. Returns the URL.
    /// `progress` hears about slow first-time steps.
    @discardableResult
    public func start(progress: (String) -> Void = { _ in }) throws -> String {
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let lock = try FileLock(home.appendingPathComponent("lock"))
        defer { lock.unlock() }
        let binaries = try PostgresBinaries.locate()
        if try status() == .notCreated {
            progress("creating the embedded PostgreSQL cluster in \(runtime.path)")
            try create(with: binaries)
        }
        if try status() != .running {
            try prepareSocketDirectory()
            let result = try run(binaries.pgCtl, ["start", "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60"])
            guard result.status == 0 else {
                throw EmbeddedClusterError("could not start PostgreSQL (see \(logFile.path)): \(result.output)")
            }
        }
        try createDatabaseIfMissing()
        return url
    }

    /// Stops the cluster; returns false if it was not running.
    @discardableResult
    public func stop() throws -> Bool {
        guard try status() == .running else { return false }
        let result = try run(PostgresBinaries.locate().pgCtl, ["stop", "-D", dataDirectory.path, "-m", "fast", "-w"])
        guard result.status == 0 else { throw EmbeddedClusterError("could not stop PostgreSQL: \(result.output)") }
        return true
    }

    /// Drops and recreates the database (the cluster stays).
    public func resetDatabase() throws {
        let admin = try Connection(url: url, database: "postgres")
        try admin.query("DROP DATABASE IF EXISTS \(identifier: Self.databaseName) WITH (FORCE)")
        try createDatabaseIfMissing()
    }

    // MARK: - Steps

    private func create(with binaries: PostgresBinaries) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: runtime, withIntermediateDirectories: true)
        if let owner {
            try owner.take(runtime)
            // Tell whoever looks in home where the cluster really is.
            try "\(runtime.path)\n".write(to: home.appendingPathComponent("cluster"), atomically: true, encoding: .utf8)
        }
        try? fileManager.removeItem(at: dataDirectory) // a half-made cluster from an interrupted initdb
        let result = try run(
            binaries.initdb,
            [
                "-D", dataDirectory.path, "-U", Self.superuser, "--auth=trust",
                "--encoding=UTF8", "--locale=C.UTF-8",
            ])
        guard result.status == 0 else {
            try? fileManager.removeItem(at: dataDirectory)
            throw EmbeddedClusterError("initdb failed: \(result.output)")
        }
        // Unix socket only, in our own folder: nothing listens on the network.
        let settings = """

            # coopledger's embedded cluster
            listen_addresses = ''
            unix_socket_directories = '\(socketDirectory.path)'

            """
        let handle = try FileHandle(forWritingTo: dataDirectory.appendingPathComponent("postgresql.conf"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(settings.utf8))
    }

    private func prepareSocketDirectory() throws {
        guard socketDirectory != runtime else { return }
        try FileManager.default.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        try owner?.take(socketDirectory)
    }

    private func createDatabaseIfMissing() throws {
        let admin = try Connection(url: url, database: "postgres")
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = \(Self.databaseName)").rows.count == 1
        if !exists {
            try admin.query("CREATE DATABASE \(identifier: Self.databaseName)")
        }
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
        if let owner {
            return try ProcessResult.run(SystemUser.runuser(), ["-u", owner.name, "--", executable] + arguments)
        }
        return try ProcessResult.run(executable, arguments)
    }

    /// A short stable name for a path (FNV-1a, 64 bits): not a secret, just distinct.
    static func fingerprint(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

public struct EmbeddedClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
