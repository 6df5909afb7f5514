import Foundation
import LedgerCore

/// A payroll file (工资表): `person,amount[,days][,memo]`, a header row, one person per row
/// (`7` a member, `H3` a household). Every row is read and checked; the rows that fail are
/// kept as errors, so those found later (a person the cooperative lacks) join them in one list.
public struct PayrollFile: Sendable {
    public let lines: [PayrollLine]
    /// The file's line of each payroll line, to name it in later refusals.
    public let fileLines: [Int]
    public let errors: [ImportError]

    public init(reader: CSVReader, fileName: String) throws {
        let table = try CSVTable(reader: reader, fileName: fileName, required: ["person", "amount"], optional: ["days", "memo"])
        var lines: [PayrollLine] = []
        var fileLines: [Int] = []
        var errors: [ImportError] = []
        while let row = try table.next() {
            guard lines.count + errors.count < Payroll.linesMax else {
                throw ImportRefused(errors: [
                    ImportError(file: fileName, line: row.line, field: "", message: "a payroll has at most \(Payroll.linesMax) people; split the file")
                ])
            }
            do throws(LedgerError) {
                lines.append(try Self.line(person: row["person"] ?? "", amount: row["amount"] ?? "", days: row["days"], memo: row["memo"]))
                fileLines.append(row.line)
            } catch {
                errors.append(ImportError(file: fileName, line: row.line, error))
                if errors.count >= Limits.importErrorsMax { break }
            }
        }
        self.lines = lines
        self.fileLines = fileLines
        self.errors = errors
    }

    /// One payroll line from its fields as written; the one reading the file and the
    /// workbench's form share.
    public static func line(person: String, amount: String, days: String?, memo: String?) throws(LedgerError) -> PayrollLine {
        try PayrollLine(
            payee: Payee(parsing: person.trimmingCharacters(in: .whitespaces), field: "person"),
            amount: Money(parsing: amount.trimmingCharacters(in: .whitespaces), field: "amount"),
            days: try days.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }.map { text throws(LedgerError) in
                guard let days = Int(text) else { throw LedgerError(.invalidValue, field: "days", value: text, rule: "days worked are a whole number") }
                return days
            },
            memo: memo ?? ""
        )
    }

    /// Payroll lines typed one a line (`person,amount[,days][,memo]`, a memo may hold commas),
    /// or a simple CSV file's text (its BOM and `person,…` header row skipped); blank lines
    /// skipped, each line named by its number in the text.
    public init(typed text: String, name: String = "lines") {
        var lines: [PayrollLine] = []
        var fileLines: [Int] = []
        var errors: [ImportError] = []
        // A form's text arrives with CRLF, one Character in Swift: split on any newline.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let row = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            guard !row.isEmpty, !row.lowercased().hasPrefix("person,") else { continue }
            guard lines.count + errors.count < Payroll.linesMax, errors.count < Limits.importErrorsMax else { break }
            let fields = row.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            do throws(LedgerError) {
                lines.append(
                    try Self.line(
                        person: fields[0], amount: fields.count > 1 ? fields[1] : "", days: fields.count > 2 ? fields[2] : nil,
                        memo: fields.count > 3 ? fields[3] : nil))
                fileLines.append(index + 1)
            } catch {
                errors.append(ImportError(file: name, line: index + 1, error))
            }
        }
        self.lines = lines
        self.fileLines = fileLines
        self.errors = errors
    }
}
