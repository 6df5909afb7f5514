import Foundation
import Postgres
import Testing
@testable import EmbeddedPostgres

@Suite struct EmbeddedClusterTests {
    /// As root this also covers the contract's hard case: a home only root can enter,
    /// with the server running as an unprivileged user.
    @Test func clusterIsCreatedStartedAndStoppedFromAPrivateFolder() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("coopledger-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let cluster = EmbeddedCluster(home: home.appendingPathComponent(".coopledger"))
        defer {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: cluster.runtime)
        }
        #expect(try cluster.status() == .notCreated)
        let url = try cluster.start()
        #expect(try cluster.status() == .running)
        #expect(url.hasPrefix("postgresql://coopledger@/coopledger?host=%2F"))

        let connection = try Connection(url: url)
        let user = try connection.query("SELECT current_user::text, current_setting('listen_addresses')").singleRow()
        #expect(try user.decode(String.self, at: 0) == "coopledger")
        #expect(try user.decode(String.self, at: 1) == "") // Unix socket only

        // Starting again is a no-op; the database survives a restart.
        try connection.query("CREATE TABLE kept (n integer)")
        #expect(try cluster.start() == url)
        #expect(try cluster.stop())
        #expect(try cluster.status() == .stopped)
        #expect(try cluster.stop() == false)
        try cluster.start()
        #expect(try Connection(url: url).query("SELECT to_regclass('kept') IS NOT NULL").singleRow().decode(Bool.self, at: 0))
    }

    @Test func clustersOfDifferentHomesAreDistinct() {
        let first = EmbeddedCluster(home: URL(fileURLWithPath: "/srv/a/.coopledger"))
        let second = EmbeddedCluster(home: URL(fileURLWithPath: "/srv/b/.coopledger"))
        #expect(first.url != second.url)
        #expect(EmbeddedCluster.fingerprint(of: "/srv/a") == EmbeddedCluster.fingerprint(of: "/srv/a"))
    }
}
