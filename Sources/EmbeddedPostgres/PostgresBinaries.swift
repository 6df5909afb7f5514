import CSpawn
import Foundation

/// `initdb` and `pg_ctl`, from `PATH` or the newest `/usr/lib/postgresql/*/bin`
/// (Debian keeps the server programs off `PATH`).
struct PostgresBinaries {
    let initdb: String
    let pgCtl: String

    static func locate() throws -> PostgresBinaries {
        var folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        folders += versions.compactMap(Int.init).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" }
        for folder in folders {
            let initdb = folder + "/initdb"
            let pgCtl = folder + "/pg_ctl"
            if FileManager.default.isExecutableFile(atPath: initdb), FileManager.default.isExecutableFile(atPath: pgCtl) {
                return PostgresBinaries(initdb: initdb, pgCtl: pgCtl)
            }
        }
        throw EmbeddedClusterError(
            "PostgreSQL's initdb and pg_ctl were not found on PATH or under /usr/lib/postgresql; install them (apt-get install -y postgresql) or give --database-url"
        )
    }
}

/// A finished child process: its exit status and everything it printed.
struct ProcessResult {
    let status: Int32
    let output: String

    /// Runs a program to its end. Not Foundation's `Process`: on Linux it learns of the
    /// child's exit through a descriptor that a server started by `pg_ctl start` inherits
    /// and keeps open, so it would wait forever. posix_spawn with every other descriptor
    /// closed in the child, then waitpid, has no such tie.
    static func run(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("coopledger-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        cspawn_add_closefrom(&actions, 3)
        // Children must not start in a folder they cannot enter (root's private folders).
        cspawn_add_chdir(&actions, "/")

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw EmbeddedClusterError("cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return ProcessResult(status: exitStatus, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// Holds an exclusive lock on a file, so two coopledger processes do not create or
/// start the same cluster at once.
final class FileLock {
    private let descriptor: Int32

    init(_ url: URL) throws {
        descriptor = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw EmbeddedClusterError("cannot open lock file \(url.path)") }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            throw EmbeddedClusterError("cannot lock \(url.path)")
        }
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
