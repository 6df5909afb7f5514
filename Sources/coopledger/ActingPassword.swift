import Foundation
import LedgerCore

/// The password of the person a command acts as (`--user L`): asked for on a terminal,
/// else the first line of standard input. Never an argument: arguments show in `ps`.
enum ActingPassword {
    static func read(for login: Login) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            return String(cString: getpass("Password for \(login): "))
        }
        guard let line = firstLine() else {
            throw LedgerError(
                .forbidden, field: "user", value: login.rawValue,
                rule: "acting as a person needs their password: give it as the first line of standard input")
        }
        return line
    }

    /// Reads byte by byte up to the newline, so what follows (a password for `user add
    /// --password-stdin`, a file given as `-`) stays on standard input for the command.
    private static func firstLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count <= Password.bytesMax, Glibc.read(STDIN_FILENO, &byte, 1) == 1 {
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
