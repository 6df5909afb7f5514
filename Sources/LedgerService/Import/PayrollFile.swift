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
                throw ImportRefused(errors: [ImportError(file: fileName, line: row.line, field: "", message: "a payroll has at most \(Payroll.linesMax) people; split the file")])
            }
            do throws(LedgerError) {
                lines.append(try PayrollLine(
                    payee: Payee(parsing: row["person"] ?? "", field: "person"),
                    amount: Money(parsing: row["amount"] ?? "", field: "amount"),
                    days: try row["days"].map { text throws(LedgerError) in
                        guard let days = Int(text) else { throw LedgerError(.invalidValue, field: "days", value: text, rule: "days worked are a whole number") }
                        return days
                    },
                    memo: row["memo"] ?? ""
                ))
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
}
