import LedgerCore

/// The voucher form as typed: rows of account, member, debit and credit, kept as text so a
/// refused form comes back exactly as it was sent, each refusal beside its field.
struct VoucherForm: Sendable {
    struct Row: Sendable {
        var account = "", member = "", debit = "", credit = ""
        var isBlank: Bool { [account, member, debit, credit].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    var date: String
    var memo = ""
    var attachments = "0"
    var rows: [Row]

    /// Where each refusal goes: a row (by index), the date, the memo, the lines as a whole.
    struct Refusals: Sendable {
        var rows: [Int: String] = [:]
        var date: String?
        var memo: String?
        var lines: String?
        var form: String?
    }

    /// Rows a form may send: the entry's limit, and a few blank ones.
    static let rowsMax = Limits.linesPerEntryMax + 20

    static func blank(date: Day) -> VoucherForm {
        VoucherForm(date: date.description, rows: Array(repeating: Row(), count: WebLimits.voucherFormRows))
    }

    init(date: String, memo: String = "", attachments: String = "0", rows: [Row]) {
        self.date = date
        self.memo = memo
        self.attachments = attachments
        self.rows = rows
    }

    init(_ content: VoucherContent) {
        self.init(
            date: content.date.description, memo: content.memo, attachments: String(content.attachments),
            rows: content.lines.map { line in
                Row(
                    account: line.account.rawValue, member: line.member?.description ?? "",
                    debit: line.amount.isNegative ? "" : line.amount.description,
                    credit: line.amount.isNegative ? Money(fen: -line.amount.fen).description : "")
            })
    }

    init(_ form: FormBody) {
        let accounts = form.all("account"), members = form.all("member"), debits = form.all("debit"), credits = form.all("credit")
        let count = min(Self.rowsMax, max(accounts.count, members.count, debits.count, credits.count))
        func at(_ values: [String], _ index: Int) -> String { index < values.count ? values[index] : "" }
        self.init(
            date: form["date"] ?? "", memo: form["memo"] ?? "", attachments: form["attachments"] ?? "0",
            rows: (0..<count).map { Row(account: at(accounts, $0), member: at(members, $0), debit: at(debits, $0), credit: at(credits, $0)) })
    }

    /// The rows that are not blank, in order: line N of the voucher is `filled[N - 1]`.
    var filledRows: [Int] { rows.indices.filter { !rows[$0].isBlank } }

    /// The voucher's content, or what is wrong with it (the entry's own checks included).
    func content() throws(LedgerError) -> VoucherContent {
        let date = try Day(parsing: date.trimmingCharacters(in: .whitespaces), field: "date")
        let attachmentsText = attachments.trimmingCharacters(in: .whitespaces)
        guard let count = attachmentsText.isEmpty ? 0 : Int(attachmentsText) else {
            throw LedgerError(.invalidValue, field: "attachments", value: attachments, rule: "a count of receipts, 0 to \(VoucherContent.attachmentsMax)")
        }
        let lines = try filledRows.enumerated().map { (number, index) throws(LedgerError) in try line(rows[index], number: number + 1) }
        return try VoucherContent(date: date, memo: memo.trimmingCharacters(in: .whitespaces), lines: lines, attachments: count)
    }

    private func line(_ row: Row, number: Int) throws(LedgerError) -> PostingLine {
        let account = try AccountCode(parsing: row.account.split(separator: " ").first.map(String.init) ?? "", field: "line \(number) account")
        let memberText = row.member.split(separator: " ").first.map(String.init) ?? ""
        let member = memberText.isEmpty ? nil : try MemberNumber(parsing: memberText, field: "line \(number) account")
        let debit = row.debit.trimmingCharacters(in: .whitespaces), credit = row.credit.trimmingCharacters(in: .whitespaces)
        switch (debit.isEmpty, credit.isEmpty) {
        case (false, true): return .debit(account, member: member, try Money.lineAmount(parsing: debit, field: "line \(number) amount"))
        case (true, false): return .credit(account, member: member, try Money.lineAmount(parsing: credit, field: "line \(number) amount"))
        case (false, false):
            throw LedgerError(.invalidAmount, field: "line \(number) amount", rule: "a line is a debit or a credit, not both")
        case (true, true):
            throw LedgerError(.invalidAmount, field: "line \(number) amount", rule: "write the line's amount as a debit or a credit")
        }
    }

    /// Puts a refusal beside the field it names (`line 2 account` → the second filled row).
    func place(_ refusal: LedgerError, language: Language) -> Refusals {
        var refusals = Refusals()
        let text = refusal.value.map { "\($0): \(refusal.rule)" } ?? refusal.rule
        let words = refusal.field.split(separator: " ")
        if words.count == 3, words[0] == "line", let number = Int(words[1]), filledRows.indices.contains(number - 1) {
            refusals.rows[filledRows[number - 1]] = text
        } else if refusal.field == "date" {
            refusals.date = text
        } else if refusal.field == "memo" {
            refusals.memo = text
        } else if refusal.code == .unbalancedEntry {
            refusals.lines = unbalancedText(language) ?? text
        } else if refusal.field == "lines" {
            refusals.lines = text
        } else {
            refusals.form = refusal.description
        }
        return refusals
    }

    /// "does not balance by X" (debits less credits, as typed), when every line reads.
    private func unbalancedText(_ language: Language) -> String? {
        guard let lines = try? filledRows.enumerated().map({ (number, index) throws(LedgerError) in try line(rows[index], number: number + 1) }),
            let difference = try? Money.sum(lines.map(\.amount))
        else { return nil }
        let magnitude = difference.isNegative ? Money(fen: -difference.fen) : difference
        return WebLabels.table(language)["unbalanced_by"]! + " " + magnitude.description
    }
}
