import LedgerCore

/// The JSON shape of one entry, shared by JSON Lines imports and the HTTP API:
/// `{"key":…,"date":…,"memo":…,"lines":[{"account":"121","member":null,"debit":"10.00"},…]}`.
/// Read with `StrictJSON`: money must be a string, unknown fields are refused, and every
/// error names its field.
public enum EntryJSON {
    /// One entry's JSON object as its staged lines; `file` and `line` locate errors. A
    /// `key` given from outside (the HTTP Idempotency-Key header) stands in for a missing one.
    public static func lines(
        from bytes: ArraySlice<UInt8>, file fileName: String, line lineNumber: Int, key outsideKey: String? = nil,
        alsoAllowing extraFields: Set<String> = []
    ) throws(ImportError) -> [JournalLine] {
        typealias LineFields = (debit: String?, credit: String?, account: String, member: String?)
        let key: String, date: String, memo: String?, fields: [LineFields]
        do throws(StrictJSON.Refusal) {
            let object = try StrictJSON(parsing: bytes, fields: Set(["key", "date", "memo", "lines"]).union(extraFields))
            guard let given = try object.string("key") ?? outsideKey else { throw StrictJSON.Refusal(field: "key", message: "required") }
            key = given
            date = try object.requiredString("date")
            memo = try object.string("memo")
            let lines = try object.objects("lines", fields: ["account", "member", "debit", "credit"], countMax: Limits.linesPerEntryMax)
            guard lines.count >= 2 else { throw StrictJSON.Refusal(field: "lines", message: "an entry has at least two lines") }
            var read: [LineFields] = []
            for line in lines {
                read.append((try line.string("debit"), try line.string("credit"), try line.requiredString("account"), try line.integerText("member")))
            }
            fields = read
        } catch {
            throw ImportError(file: fileName, line: lineNumber, field: error.field, message: error.message)
        }
        var staged: [JournalLine] = []
        for line in fields {
            let amount = try JournalFields.amount(debit: line.debit, credit: line.credit, file: fileName, line: lineNumber)
            staged.append(
                try JournalFields.line(
                    file: fileName, line: lineNumber, key: key, date: date, memo: memo,
                    account: line.account, member: line.member, amount: amount))
        }
        return staged
    }

    /// The entry of an HTTP body, keyed by `key` (the Idempotency-Key header; a key in the
    /// body must be the same).
    /// A malformed body is an `ImportError`; an entry that breaks a rule of the books, the
    /// `LedgerError` that says which.
    public static func entry(from bytes: ArraySlice<UInt8>, key: String, alsoAllowing extraFields: Set<String> = []) throws -> JournalEntry {
        let lines = try lines(from: bytes, file: "body", line: 1, key: key, alsoAllowing: extraFields)
        guard let first = lines.first, first.key == key else {
            throw ImportError(
                file: "body", line: 1, field: "key", message: "the body's key \(lines.first?.key ?? "") differs from the Idempotency-Key header \(key)")
        }
        return try JournalEntry(
            key: key, date: first.date, memo: first.memo,
            lines: lines.map { PostingLine(account: $0.account, member: $0.member, amount: $0.amount) })
    }

    /// A voucher draft's HTTP body: an entry's shape without a key, and `attachments`.
    public static func voucherContent(from bytes: ArraySlice<UInt8>) throws -> VoucherContent {
        let attachments: Int
        do throws(StrictJSON.Refusal) {
            attachments = try StrictJSON(parsing: bytes, fields: ["date", "memo", "lines", "attachments"]).integer("attachments") ?? 0
        } catch {
            throw ImportError(file: "body", line: 1, field: error.field, message: error.message)
        }
        let entry = try entry(from: bytes, key: SystemKey.voucherDraft(0), alsoAllowing: ["attachments"])
        return try VoucherContent(date: entry.date, memo: entry.memo, lines: entry.lines, attachments: attachments)
    }
}
