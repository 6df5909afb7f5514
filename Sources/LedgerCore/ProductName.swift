/// The name of a product dealt in with members (corn, piglets, feed): what the member
/// account groups its dealings by.
public enum ProductName {
    public static let lengthMax = 40

    /// The name trimmed, or a refusal naming the field.
    public static func checked(_ text: String, field: String = "product") throws(LedgerError) -> String {
        let name = text.trimmingWhitespace
        guard !name.isEmpty, name.unicodeScalars.count <= lengthMax else {
            throw LedgerError(.invalidValue, field: field, value: name, rule: "a product name is 1 to \(lengthMax) characters")
        }
        guard !name.unicodeScalars.contains("\0") else {
            throw LedgerError(.invalidValue, field: field, rule: "text cannot contain NUL characters")
        }
        return name
    }
}
