import Foundation

/// A JSON object read strictly, for request bodies and JSON Lines imports alike: known
/// fields only, each of the JSON type it must have, money and dates as strings. Every
/// refusal names its field (`lines[2].member` for a nested one).
public struct StrictJSON {
    /// What was wrong, and where.
    public struct Refusal: Error, Sendable {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    private let object: [String: Any]
    /// The field names' prefix for a nested object, e.g. `lines[2].`.
    private let path: String

    /// The bytes as one JSON object with no field outside `fields`.
    public init(parsing bytes: ArraySlice<UInt8>, fields: Set<String>) throws(Refusal) {
        guard !bytes.contains(0) else { throw Refusal(field: "", message: "a NUL byte; this is not text") }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw Refusal(field: "", message: "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw Refusal(field: "", message: "one JSON object is expected") }
        try self.init(object: object, fields: fields, path: "")
    }

    private init(object: [String: Any], fields: Set<String>, path: String) throws(Refusal) {
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw Refusal(field: path + unknown, message: "unknown field; the fields are \(fields.sorted().joined(separator: ", "))")
        }
        self.object = object
        self.path = path
    }

    public func string(_ field: String) throws(Refusal) -> String? {
        switch object[field] {
        case nil, is NSNull: return nil
        case let text as String: return text
        // Strings only: money written as a JSON number would already have lost its exactness.
        default: throw Refusal(field: path + field, message: "must be a string (money is written \"2500.00\", never as a JSON number; dates \"2026-03-01\")")
        }
    }

    public func requiredString(_ field: String) throws(Refusal) -> String {
        guard let text = try string(field) else { throw Refusal(field: path + field, message: "required") }
        return text
    }

    public func integer(_ field: String) throws(Refusal) -> Int? {
        switch object[field] {
        case nil, is NSNull: return nil
        // JSON true/false also arrive as NSNumber, with the type code of a C char.
        case let number as NSNumber where String(cString: number.objCType) != "c":
            // Through its text: 7 is "7", while 7.5 or 1e20 do not read as an Int.
            guard let value = Int(number.stringValue) else { throw Refusal(field: path + field, message: "\(number): must be a whole number") }
            return value
        default: throw Refusal(field: path + field, message: "must be a whole number")
        }
    }

    public func requiredInteger(_ field: String) throws(Refusal) -> Int {
        guard let value = try integer(field) else { throw Refusal(field: path + field, message: "required") }
        return value
    }

    /// A whole number written as a JSON number or a string (a member number in a journal line).
    public func integerText(_ field: String) throws(Refusal) -> String? {
        if case let text as String = object[field] { return text }
        return try integer(field).map(String.init)
    }

    public func bool(_ field: String) throws(Refusal) -> Bool? {
        switch object[field] {
        case nil, is NSNull: return nil
        case let number as NSNumber where String(cString: number.objCType) == "c": return number.boolValue
        default: throw Refusal(field: path + field, message: "must be true or false")
        }
    }

    /// An array of objects, each read as strictly with `fields`; at most `countMax` of them.
    public func objects(_ field: String, fields: Set<String>, countMax: Int) throws(Refusal) -> [StrictJSON] {
        guard let array = object[field] as? [Any] else { throw Refusal(field: path + field, message: "an array is required") }
        guard array.count <= countMax else { throw Refusal(field: path + field, message: "at most \(countMax) items") }
        var result: [StrictJSON] = []
        for (index, element) in array.enumerated() {
            let elementPath = "\(path)\(field)[\(index)]"
            guard let item = element as? [String: Any] else { throw Refusal(field: elementPath, message: "must be a JSON object") }
            result.append(try StrictJSON(object: item, fields: fields, path: elementPath + "."))
        }
        return result
    }
}
