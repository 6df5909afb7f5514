import Foundation
import LedgerCore

/// A request body as a JSON object with known fields only: any other field, or a value of
/// the wrong JSON type, is a 422 naming the field. Money and dates are strings.
struct StrictJSON {
    private let object: [String: Any]

    init(_ bytes: ArraySlice<UInt8>, fields: Set<String>) throws {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw Problem.invalid("", "the body is one JSON object")
        }
        if let unknown = parsed.keys.sorted().first(where: { !fields.contains($0) }) {
            throw Problem.invalid(unknown, "\(unknown): unknown field; the fields are \(fields.sorted().joined(separator: ", "))")
        }
        object = parsed
    }

    func string(_ field: String) throws -> String? {
        switch object[field] {
        case nil, is NSNull: return nil
        case let text as String: return text
        default: throw Problem.invalid(field, "\(field): must be a string (money and dates are strings)")
        }
    }

    func requiredString(_ field: String) throws -> String {
        guard let text = try string(field) else { throw Problem.invalid(field, "\(field): required") }
        return text
    }

    func integer(_ field: String) throws -> Int? {
        switch object[field] {
        case nil, is NSNull: return nil
        // JSON true/false also arrive as NSNumber, with the type code of a C char.
        case let number as NSNumber where String(cString: number.objCType) != "c":
            // Through its text: 7 is "7", while 7.5 or 1e20 do not read as an Int.
            guard let value = Int(number.stringValue) else {
                throw Problem.invalid(field, "\(field): \(number): must be a whole number")
            }
            return value
        default: throw Problem.invalid(field, "\(field): must be a whole number")
        }
    }

    func requiredInteger(_ field: String) throws -> Int {
        guard let value = try integer(field) else { throw Problem.invalid(field, "\(field): required") }
        return value
    }

    func bool(_ field: String) throws -> Bool? {
        switch object[field] {
        case nil, is NSNull: return nil
        case let number as NSNumber where String(cString: number.objCType) == "c": return number.boolValue
        default: throw Problem.invalid(field, "\(field): must be true or false")
        }
    }
}
