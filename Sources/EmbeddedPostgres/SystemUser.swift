import Foundation

/// The unprivileged account a root-run cluster belongs to: `postgres` if the system has
/// it (Debian's postgresql package makes it), otherwise a `coopledger` system account.
struct SystemUser: Sendable {
    let name: String

    static var unprivileged: SystemUser {
        getpwnam("postgres") != nil ? SystemUser(name: "postgres") : SystemUser(name: "coopledger")
    }

    /// Makes sure the account exists, then gives it `folder` (mode 0700).
    func take(_ folder: URL) throws {
        if getpwnam(name) == nil {
            let result = try ProcessResult.run(
                "/usr/sbin/useradd", ["--system", "--no-create-home", "--home-dir", "/var/lib/coopledger", "--shell", "/usr/sbin/nologin", name])
            guard result.status == 0 || getpwnam(name) != nil else {
                throw EmbeddedClusterError("could not create system user \(name): \(result.output)")
            }
        }
        guard let entry = getpwnam(name) else { throw EmbeddedClusterError("no system user \(name)") }
        let (uid, gid) = (entry.pointee.pw_uid, entry.pointee.pw_gid)
        guard chown(folder.path, uid, gid) == 0, chmod(folder.path, 0o700) == 0 else {
            throw EmbeddedClusterError("could not hand \(folder.path) to \(name)")
        }
    }

    static func runuser() throws -> String {
        for path in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw EmbeddedClusterError("runuser (util-linux) is needed to run PostgreSQL as an unprivileged user")
    }
}
