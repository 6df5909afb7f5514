import Foundation
import Hummingbird

/// A submitted HTML form (`application/x-www-form-urlencoded`), fields in order; a field
/// may repeat (one per voucher line).
struct FormBody: Sendable {
    private(set) var fields: [(name: String, value: String)] = []

    init() {}

    init(_ text: String) throws {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw Problem.invalid("form", "the form's fields are not valid URL encoding")
            }
            fields.append((name, value))
        }
    }

    static func read(_ request: Request, upTo bytes: Int) async throws -> FormBody {
        var request = request
        let buffer = try await request.collectBody(upTo: bytes)
        return try FormBody(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
