import Foundation
import LedgerCore
import LedgerService

/// Import files as the commands see them.
enum InputFile {
    /// The size of a regular file, for the progress line's percentage; nil for stdin.
    static func size(of path: String) -> Int64? {
        guard path != "-" else { return nil }
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? nil
    }
}
