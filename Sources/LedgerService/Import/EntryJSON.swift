import Foundation
import LedgerCore

/// The JSON shape of one entry, shared by JSON Lines imports and the HTTP API:
/// `{"key":…,"date":…,"memo":…,"lines":[{"account":"121","member":null,"debit":"10.00"},…]}`.
/// Money must be a string, unknown fields are refused, and every error names its field.
public enum EntryJSON {
    /// One entry's JSON object as its staged lines; `file` and `line` locate errors. A
    /// `key` given from outside (the HTTP Idempotency-Key header) stands in for a missing one.
    public static func lines(from bytes: ArraySlice<UInt8>, file fileName: String, line lineNumber: Int, key outsideKey: String? = nil) throws(ImportError) -> [JournalLine] {
        func fail(_ field: String, _ message: String) -> ImportError {
            ImportError(file: fileName, line: lineNumber, field: field, message: message)
        }
        func optionalString(_ value: Any?, _ field: String) throws(ImportError) -> String? {
            switch value {
            case nil, is NSNull: return nil
            case let text as String: return text
            // Strings only: money written as a JSON number would already have lost its exactness.
            default: throw fail(field, "must be a string (money is written \"2500.00\", never as a JSON number)")
            }
        }
        func string(_ value: Any?, _ field: String) throws(ImportError) -> String {
            guard let text = try optionalString(value, field) else { throw fail(field, "required") }
            return text
        }
        guard !bytes.contains(0) else { throw fail("", "a NUL byte; the file is not text") }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw fail("", "an entry is one JSON object")
            }
            object = parsed
        } catch let error as ImportError {
            throw error
        } catch {
            throw fail("", "not valid JSON")
        }
        if let unknown = object.keys.sorted().first(where: { !["key", "date", "memo", "lines"].contains($0) }) {
            throw fail(unknown, "unknown field; an entry has key, date, memo and lines")
        }
        guard let key = try optionalString(object["key"], "key") ?? outsideKey else { throw fail("key", "required") }
        let date = try string(object["date"], "date")
        let memo = try optionalString(object["memo"], "memo")
        guard let lines = object["lines"] as? [Any] else { throw fail("lines", "an array of lines is required") }
        guard lines.count >= 2 else { throw fail("lines", "an entry has at least two lines") }
        guard lines.count <= Limits.linesPerEntryMax else { throw fail("lines", "at most \(Limits.linesPerEntryMax) lines") }
        var staged: [JournalLine] = []
        for (index, element) in lines.enumerated() {
            let field = "lines[\(index)]"
            guard let line = element as? [String: Any] else { throw fail(field, "a line is a JSON object") }
            if let unknown = line.keys.sorted().first(where: { !["account", "member", "debit", "credit"].contains($0) }) {
                throw fail("\(field).\(unknown)", "unknown field; a line has account, member, debit or credit")
            }
            let member: String?
            switch line["member"] {
            case nil, is NSNull: member = nil
            // JSON true/false also arrive as NSNumber, with the type code of a C char.
            case let number as NSNumber where String(cString: number.objCType) != "c": member = number.stringValue
            case let text as String: member = text
            default: throw fail("\(field).member", "a member is a number or null")
            }
            let amount = try JournalFields.amount(
                debit: try optionalString(line["debit"], "\(field).debit"), credit: try optionalString(line["credit"], "\(field).credit"),
                file: fileName, line: lineNumber
            )
            staged.append(try JournalFields.line(file: fileName, line: lineNumber, key: key, date: date, memo: memo,
                                                 account: try string(line["account"], "\(field).account"), member: member, amount: amount))
        }
        return staged
    }
}
