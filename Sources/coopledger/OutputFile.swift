import Foundation
import LedgerCore

/// `--output FILE`: the text written whole (atomically), or a refusal naming the file.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        do {
            try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw LedgerError(.invalidValue, field: "output", value: path, rule: "cannot write this file (\(error.localizedDescription))")
        }
    }
}
