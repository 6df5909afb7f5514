import LedgerCore
import LedgerService

extension Statement {
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .text: text
        case .json: json.rendered
        case .csv: csv
        case .html: html
        }
    }

    var heading: String {
        [formCode, title].compactMap { $0 }.joined(separator: " ") + " · \(coopName) · \(period) · \(unitLabel)"
    }

    var chainLine: String? {
        guard let chainHead else { return nil }
        let periods = periodHead.map { language == .zh ? "；期间事件链头 \($0)" : "; period events head \($0)" } ?? ""
        return (language == .zh ? "数据来源：哈希链头 \(chainHead)" : "made from hash chain head \(chainHead)") + periods
    }

    /// Text columns (memos, account names) are left-aligned and wrapped; figures right-aligned.
    public var text: String {
        let isText = columnKeys.map { textColumnKeys.contains($0) }
        var table = TextTable([.init(columns[0])] + zip(columns.dropFirst(), isText).map { .init($0, $1 ? .left : .right) })
        for row in rows {
            let line = row.line.map { "\($0) " } ?? ""
            let label = TextTable.wrapped(String(repeating: "  ", count: row.indent) + line + row.label, width: Self.textColumnWidth)
            table.append([label] + zip(row.values, isText).map { $1 ? TextTable.wrapped($0, width: Self.textColumnWidth) : $0 })
        }
        return ([heading, "", table.rendered] + notes.map { "note: \($0)" } + [chainLine].compactMap { $0 }).joined(separator: "\n")
    }

    public var json: JSONValue {
        .object(
            [
                ("report", .string(name)),
                ("form", .optional(formCode)),
                ("title", .string(title)),
                ("coop", .string(coopName)),
                ("period", .string(period)),
                ("unit", .string("yuan")),
                (
                    "rows",
                    .array(
                        rows.map { row in
                            .object(
                                [("key", .string(row.key)), ("label", .string(row.label)), ("line", .optional(row.line.map(Int64.init)))]
                                    + zip(columnKeys, row.values).map { ($0, JSONValue.string($1)) })
                        })
                ),
                ("notes", .array(notes.map(JSONValue.string))),
                ("chain_head", .optional(chainHead)),
                ("period_head", .optional(periodHead)),
            ] + (page.map { [("page", .integer(Int64($0.number))), ("pages", .integer(Int64($0.count)))] } ?? []))
    }

    /// A 行次 column only for the forms that number their lines (01, 02, 03).
    public var csv: String {
        let isNumbered = rows.contains { $0.line != nil }
        var writer = CSVWriter(header: (isNumbered ? ["line"] : []) + columns)
        for row in rows { writer.append((isNumbered ? [row.line.map(String.init) ?? ""] : []) + [row.label] + row.values) }
        return writer.text
    }

    /// Many columns (a member's account): printed on A4 landscape, memo column wide enough to read.
    private var isWide: Bool { facingSplit == nil && columns.count > 9 }

    /// The statement's own markup (code, title, cooperative, period, unit, the table, the
    /// signature line, the chain head): the printable page's body, and what the workbench
    /// shows inside its own page.
    public var htmlBody: String {
        let signatures =
            signatureLabels
            ?? (language == .zh
                ? ["单位负责人：", "会计负责人：", "制表人："]
                : ["Head of the cooperative:", "Chief accountant:", "Prepared by:"])
        var body = "<div class=\"code\">\(escape(formCode ?? ""))</div>\n<h1>\(escape(title))</h1>\n"
        body += "<div class=\"meta\"><span>\(escape(language == .zh ? "编制单位：" : "Entity: "))\(escape(coopName))</span>"
        body += "<span>\(escape(period))</span><span>\(escape(unitLabel))</span></div>\n"
        body += facingSplit.map(facingTable) ?? table
        body += notes.map { "<p class=\"note\">\(escape($0))</p>\n" }.joined()
        body += "<div class=\"sign\">" + signatures.map { "<span>\(escape($0))</span>" }.joined() + "</div>\n"
        if let chainLine { body += "<p class=\"chain\">\(escape(chainLine))</p>\n" }
        return body
    }

    /// A printable A4 page laid out like the official form.
    public var html: String {
        """
        <!DOCTYPE html>
        <html lang="\(language == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title)) · \(escape(coopName))</title>
        <style>
        @page { size: A4\(isWide ? " landscape" : ""); margin: 16mm 14mm; }
        body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: \(isWide ? "9.5pt" : "10.5pt"); color: #000; max-width: \(isWide ? "269mm" : "182mm"); margin: 0 auto; }
        .code { text-align: right; font-size: 9.5pt; }
        h1 { text-align: center; font-size: 18pt; letter-spacing: 0.2em; margin: 2mm 0 4mm; }
        .meta { display: flex; justify-content: space-between; margin-bottom: 2mm; }
        table { width: 100%; border-collapse: collapse; }
        th, td { border: 0.6pt solid #000; padding: 1.2mm 2mm; }
        th { font-weight: normal; background: #f2f2f2; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.words { text-align: left; }
        td.line, th.line { text-align: center; width: 10mm; }
        tr.total td, td.total { font-weight: bold; }
        table.facing { font-size: 9pt; }
        table.facing th, table.facing td { padding: 1mm 1.2mm; }
        table.facing td.line, table.facing th.line { width: 7mm; }
        .sign { display: flex; justify-content: space-between; margin-top: 10mm; }
        .sign span { width: 30%; }
        .note, .chain { font-size: 8.5pt; color: #333; margin: 2mm 0 0; word-break: break-all; }
        </style>
        </head>
        <body>
        \(htmlBody)</body>
        </html>
        """
    }

    /// One table, the label column (and 行次) then the value columns.
    private var table: String {
        var html = "<table>\n<thead><tr>"
        let hasLines = rows.contains { $0.line != nil }
        html += columns.enumerated().map { index, column in
            index == 0 && hasLines ? "<th>\(escape(column))</th><th class=\"line\">\(lineHeading)</th>" : "<th>\(escape(column))</th>"
        }.joined()
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr\(row.isTotal ? " class=\"total\"" : "")>" + cells(row, hasLine: hasLines) + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A two-sided form (01表): `rows[..<split]` on the left, the rest on the right, side by
    /// side, each side's last row (资产总计, 负债和所有者权益总计) on the table's last row, as the
    /// printed form has them: the shorter side is padded before its total.
    private func facingTable(_ split: Int) -> String {
        var left = Array(rows[..<min(split, rows.count)])
        var right = Array(rows[min(split, rows.count)...])
        let values = columns.dropFirst().map { "<th>\(escape($0))</th>" }.joined()
        let headings = language == .zh ? ("资产", "负债和所有者权益") : ("Assets", "Liabilities and owners' equity")
        var html = "<table class=\"facing\">\n<thead><tr>"
        html += "<th>\(escape(headings.0))</th><th class=\"line\">\(lineHeading)</th>\(values)"
        html += "<th>\(escape(headings.1))</th><th class=\"line\">\(lineHeading)</th>\(values)</tr></thead>\n<tbody>\n"
        let blank = Statement.Row(label: "", values: Array(repeating: "", count: columns.count - 1))
        let height = max(left.count, right.count)
        for side in [0, 1] {
            var rows = side == 0 ? left : right
            if let total = rows.popLast() { rows += Array(repeating: blank, count: height - rows.count - 1) + [total] }
            if side == 0 { left = rows } else { right = rows }
        }
        for index in 0..<height {
            let pair = [left.indices.contains(index) ? left[index] : blank, right.indices.contains(index) ? right[index] : blank]
            html += "<tr>" + pair.map { row in cells(row, hasLine: true, bold: row.isTotal) }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private var lineHeading: String { language == .zh ? "行次" : "Line" }

    private func cells(_ row: Statement.Row, hasLine: Bool, bold: Bool = false) -> String {
        let weight = bold ? " class=\"total\"" : ""
        var html = "<td\(weight) style=\"padding-left: \(4 + row.indent * 14)px\">\(escape(row.label))</td>"
        if hasLine { html += "<td class=\"line\">\(row.line.map(String.init) ?? "")</td>" }
        // Words (a memo, a source) read left-aligned as written; figures right-aligned, grouped.
        return html
            + row.values.enumerated().map { index, value in
                let isWords = columnKeys.indices.contains(index) && textColumnKeys.contains(columnKeys[index])
                return isWords
                    ? "<td class=\"words\(bold ? " total" : "")\">\(escape(value))</td>"
                    : "<td class=\"num\(bold ? " total" : "")\">\(escape(AmountText.grouped(value)))</td>"
            }.joined()
    }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }
}
