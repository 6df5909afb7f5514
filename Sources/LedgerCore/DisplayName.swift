/// Names people read on vouchers, statements and pages (members, people, cooperatives,
/// accounts): one rule for all of them. Trimmed; 1 to `lengthMax` characters; no control
/// characters (a newline breaks a text table, an ESC rewrites a terminal, a NUL ends a C
/// string), wherever the name came from.
public enum DisplayName {
    /// `what` names the thing in the refusal ("a member's name").
    public static func checked(_ text: String, field: String = "name", what: String, lengthMax: Int) throws(LedgerError) -> String {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed.count <= lengthMax else {
            throw LedgerError(.invalidValue, field: field, value: text, rule: "\(what) is 1 to \(lengthMax) characters")
        }
        if let control = trimmed.unicodeScalars.first(where: TextSafety.isControl) {
            throw LedgerError(
                .invalidValue, field: field, value: TextSafety.escapingControls(text),
                rule: "\(what) cannot contain control characters (U+\(TextSafety.hex(control)))")
        }
        return trimmed
    }
}

/// Control characters: what no name may hold, and what text output shows escaped.
public enum TextSafety {
    /// C0 and C1 controls and DEL, and the line and paragraph separators.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// The text with each control character written as `\u{1B}`, so printing it to a
    /// terminal or a text table cannot move the cursor, change colours or break a row.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result.append(contentsOf: "\\u{\(hex(scalar))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
