import Foundation
import Hummingbird

/// A submitted HTML form (`application/x-www-form-urlencoded`, or `multipart/form-data`
/// with a file), fields in order; a field may repeat (one per voucher line).
struct FormBody: Sendable {
    private(set) var fields: [(name: String, value: String)] = []
    /// Files sent with a multipart form: field name, the file's bytes.
    private(set) var files: [String: [UInt8]] = [:]

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

    /// `uploadBytes`: the bound of a multipart form (a file upload); the sign-in form, read
    /// before anyone is known, allows none larger than its small form.
    static func read(_ request: Request, upTo bytes: Int, uploadsUpTo uploadBytes: Int = WebLimits.uploadBytesMax) async throws -> FormBody {
        var request = request
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            let buffer = try await request.collectBody(upTo: uploadBytes)
            return try FormBody(multipart: Array(buffer.readableBytesView), contentType: type)
        }
        let buffer = try await request.collectBody(upTo: bytes)
        return try FormBody(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// RFC 7578: parts separated by `--BOUNDARY`, each with its headers, a blank line and its
    /// bytes. A part with a `filename` is a file; any other is a text field.
    init(multipart body: [UInt8], contentType: String) throws {
        guard
            let boundaryText = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst("boundary=".count)
        else {
            throw Problem.invalid("form", "a multipart form names its boundary")
        }
        let delimiter = Array("\r\n--\(boundaryText.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))".utf8)
        // The first delimiter has no line break before it.
        var rest = ArraySlice([13, 10] + body)
        guard let first = rest.firstRange(of: delimiter) else { throw Problem.invalid("form", "the multipart form has no parts") }
        rest = rest[first.upperBound...]
        while let end = rest.firstRange(of: delimiter) {
            var part = rest[..<end.lowerBound]
            rest = rest[end.upperBound...]
            guard part.starts(with: [13, 10]), let split = part.firstRange(of: [13, 10, 13, 10]) else {
                throw Problem.invalid("form", "a part of the form is malformed")
            }
            let headers = String(decoding: part[part.startIndex + 2..<split.lowerBound], as: UTF8.self)
            part = part[split.upperBound...]
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let name = Self.parameter("name", in: disposition)
            else { throw Problem.invalid("form", "a part of the form has no name") }
            if Self.parameter("filename", in: disposition) != nil {
                files[name] = Array(part)
            } else {
                fields.append((name, String(decoding: part, as: UTF8.self)))
            }
        }
    }

    /// `name="value"` in a Content-Disposition header.
    private static func parameter(_ key: String, in header: Substring) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == key { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// A form's fields read like an API body's: an empty field is an absent one.
extension FormBody: OperationFields {
    func text(_ field: String) throws -> String? {
        self[field].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    func wholeNumber(_ field: String) throws -> String? { try text(field) }

    /// A checkbox: present (checked) or not.
    func flag(_ field: String) throws -> Bool? { try text(field).map { ["yes", "on", "true"].contains($0) } }

    /// The fields as typed, for a refused form shown again.
    var values: [String: String] { Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }) }
}
