import LedgerCore
import LedgerService

/// The printed voucher (记账凭证), A5 landscape, in the usual layout: 摘要, 会计科目, 借方,
/// 贷方, the 合计 in figures and in capital numerals (大写), 附单据, and 记账/审核/制单.
public enum VoucherRendering {
    /// Paper vouchers have room for five lines; fewer are padded so every voucher looks alike,
    /// and more go on continuation pages (过次页 at the foot of one, 承前页 at the head of the next).
    static let linesOnForm = 5

    public static func html(_ sheet: VoucherSheet) -> String {
        let stored = sheet.stored
        let entry = stored.entry
        let escape = HTMLText.escape
        let number = stored.voucher?.description ?? "（无编号）"
        var summary = entry.memo
        if let reversed = sheet.reverses { summary = "冲销 \(reversed) " + summary }
        // A balanced entry's debits are its total. Lines are bounded (Limits), so 1,000 of them
        // cannot overflow; the sums are checked all the same.
        func debits(_ lines: ArraySlice<PostingLine>) -> Money { (try? Money.sum(lines.map(\.amount).filter { !$0.isNegative })) ?? .zero }
        func credits(_ lines: ArraySlice<PostingLine>) -> Money { (try? Money.sum(lines.map(\.amount).filter(\.isNegative)).negated()) ?? .zero }
        func amounts(_ debit: Money, _ credit: Money) -> String {
            "<td class=\"num\">¥\(AmountText.grouped(debit.description))</td><td class=\"num\">¥\(AmountText.grouped(credit.description))</td>"
        }
        let name = { (login: Login?) in login.map { sheet.peopleNames[$0] ?? $0.rawValue } ?? "" }
        let date = entry.date
        let pageCount = max(1, (entry.lines.count + linesOnForm - 1) / linesOnForm)

        var pages = ""
        for page in 0..<pageCount {
            let first = page * linesOnForm
            let lines = entry.lines[first..<min(first + linesOnForm, entry.lines.count)]
            let before = entry.lines[..<first]
            var rows = page == 0 ? "" : "<tr class=\"carried\"><td>承前页</td><td></td><td></td>\(amounts(debits(before), credits(before)))</tr>\n"
            for (offset, line) in lines.enumerated() {
                // 总账科目 is the standard account; 明细科目 the sub-account or the member.
                let standard = sheet.standardCodes[line.account] ?? line.account
                let general = "\(standard.rawValue) \(sheet.accountNames[standard] ?? "")"
                var detail = standard == line.account ? "" : "\(line.account.rawValue) \(sheet.accountNames[line.account] ?? "")"
                if let member = line.member { detail = "\(member) \(sheet.memberNames[member] ?? "")" }
                let debit = line.amount.isNegative ? "" : AmountText.grouped(line.amount.description)
                let credit = line.amount.isNegative ? AmountText.grouped(Money(fen: 0 &- line.amount.fen).description) : ""
                rows += "<tr><td>\(first + offset == 0 ? escape(summary) : "")</td><td>\(escape(general))</td>"
                rows += "<td>\(escape(detail))</td><td class=\"num\">\(debit)</td><td class=\"num\">\(credit)</td></tr>\n"
            }
            for _ in lines.count..<linesOnForm {
                rows += "<tr class=\"blank\"><td></td><td></td><td></td><td></td><td></td></tr>\n"
            }
            let upTo = entry.lines[..<(first + lines.count)]
            if page < pageCount - 1 {
                rows += "<tr class=\"total\"><td>过次页</td><td></td><td></td>\(amounts(debits(upTo), credits(upTo)))</tr>\n"
            } else {
                let total = debits(upTo)
                rows +=
                    "<tr class=\"total\"><td>合计</td><td colspan=\"2\" class=\"capital\">人民币（大写）\(escape(CapitalNumerals.render(total)))</td>\(amounts(total, credits(upTo)))</tr>\n"
            }
            let pageMark = pageCount > 1 ? "（第 \(page + 1)/\(pageCount) 页）" : ""
            pages += """
                <section class="voucher">
                <h1>记账凭证</h1>
                <div class="head"><span>核算单位：\(escape(sheet.coopName))</span><span>\(date.year)年\(twoDigits(date.month))月\(twoDigits(date.day))日</span><span class="number">凭证号：\(escape(number))\(pageMark)</span></div>
                <table>
                <thead><tr><th rowspan="2" style="width: 28%">摘要</th><th colspan="2">会计科目</th><th rowspan="2">借方金额</th><th rowspan="2">贷方金额</th></tr>
                <tr><th>总账科目</th><th>明细科目</th></tr></thead>
                <tbody>
                \(rows)</tbody>
                </table>
                <div class="foot"><span>记账：\(escape(name(stored.people.postedBy)))</span><span>审核：\(escape(name(stored.people.approvedBy)))</span><span>制单：\(escape(name(stored.people.preparedBy)))</span><span class="attachments">附单据 \(stored.attachments) 张</span></div>
                </section>

                """
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>记账凭证 \(escape(number)) · \(escape(sheet.coopName))</title>
            <style>
            @page { size: A5 landscape; margin: 8mm 10mm; }
            body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 10pt; color: #000; max-width: 190mm; margin: 0 auto; }
            section.voucher + section.voucher { break-before: page; page-break-before: always; }
            h1 { text-align: center; font-size: 18pt; letter-spacing: 0.5em; margin: 0 0 1mm; border-bottom: 3px double #000; display: table; margin-left: auto; margin-right: auto; padding: 0 2mm; }
            .head { display: flex; justify-content: space-between; margin: 2mm 0; }
            table { width: 100%; border-collapse: collapse; }
            th, td { border: 1px solid #000; padding: 1.2mm 1.5mm; height: 6mm; vertical-align: middle; }
            th { font-weight: normal; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; width: 24mm; }
            tr.total td { font-weight: bold; }
            tr.total td.capital { font-weight: normal; }
            .foot { display: flex; justify-content: space-between; margin-top: 2mm; }
            .attachments { writing-mode: horizontal-tb; }
            </style>
            </head>
            <body>
            \(pages)</body>
            </html>
            """
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

/// Voucher drafts as text, JSON or CSV: the list, and one draft with its lines.
public enum VoucherDraftRendering {
    public static func json(_ draft: VoucherDraft) -> JSONValue {
        .object([
            ("id", .integer(draft.id)), ("version", .integer(Int64(draft.version))), ("status", .string(draft.status.rawValue)),
            ("date", .string(draft.content.date.description)),
            ("memo", .string(draft.content.memo)), ("attachments", .integer(Int64(draft.content.attachments))),
            ("prepared_by", .string(draft.preparedBy.rawValue)), ("approved_by", .optional(draft.approvedBy?.rawValue)),
            ("returned_reason", .optional(draft.returnedReason)),
            ("entry", .optional(draft.posted.map { $0.entry.value })), ("voucher", .optional(draft.posted?.voucher?.description)),
            ("lines", lines(draft.content)),
        ])
    }

    /// A draft's content as the API takes it (`NewVoucher`): what `coopledger voucher draft`
    /// sends when signed in to a server.
    public static func json(_ content: VoucherContent) -> JSONValue {
        .object([
            ("date", .string(content.date.description)), ("memo", .string(content.memo)),
            ("attachments", .integer(Int64(content.attachments))), ("lines", lines(content)),
        ])
    }

    private static func lines(_ content: VoucherContent) -> JSONValue {
        .array(
            content.lines.map { line in
                .object([
                    ("account", .string(line.account.rawValue)), ("member", .optional(line.member.map { Int64($0.value) })),
                    line.amount.isNegative ? ("credit", .string(Money(fen: 0 &- line.amount.fen).description)) : ("debit", .string(line.amount.description)),
                ])
            })
    }

    public static func render(_ drafts: [VoucherDraft], as format: OutputFormat) -> String {
        if format == .json { return JSONValue.array(drafts.map(json)).rendered }
        let rows = drafts.map { draft in
            [
                String(draft.id), draft.status.rawValue, draft.content.date.description, draft.content.memo,
                total(draft).description, draft.preparedBy.rawValue, draft.approvedBy?.rawValue ?? "", draft.posted?.voucher?.description ?? "",
            ]
        }
        return ListRendering.render(
            columns: [
                .init("draft", .right), .init("status"), .init("date"), .init("memo"), .init("amount", .right),
                .init("prepared_by"), .init("approved_by"), .init("voucher"),
            ],
            rows: rows, as: format, emptyText: "no voucher drafts"
        )
    }

    public static func render(_ draft: VoucherDraft, as format: OutputFormat) -> String {
        if format == .json { return json(draft).rendered }
        var text = "draft \(draft.id) version \(draft.version) (\(draft.status.rawValue)) \(draft.content.date) \(draft.content.memo)\n"
        text += "prepared by \(draft.preparedBy)" + (draft.approvedBy.map { ", approved by \($0)" } ?? "")
        text += draft.posted.map { ", posted as \($0.voucher?.description ?? "entry \($0.entry)")" } ?? ""
        text += "; \(draft.content.attachments) receipt(s) attached\n"
        if let reason = draft.returnedReason { text += "sent back: \(reason)\n" }
        let rows = draft.content.lines.map { line in
            [
                line.accountText, line.amount.isNegative ? "" : line.amount.description,
                line.amount.isNegative ? Money(fen: 0 &- line.amount.fen).description : "",
            ]
        }
        return text
            + ListRendering.render(
                columns: [.init("account"), .init("debit", .right), .init("credit", .right)],
                rows: rows, as: .text, emptyText: "")
    }

    static func total(_ draft: VoucherDraft) -> Money {
        (try? Money.sum(draft.content.lines.map(\.amount).filter { !$0.isNegative })) ?? .zero
    }
}

public enum PeopleRendering {
    public static func render(_ people: [(person: Person, roles: Set<PersonRole>, scope: String)], as format: OutputFormat) -> String {
        let rows = people.map { entry in
            [
                entry.person.login.rawValue, entry.person.name, entry.roles.sorted().map(\.rawValue).joined(separator: " "),
                entry.scope == "*" ? "every cooperative" : entry.scope,
            ]
        }
        return ListRendering.render(
            columns: [.init("login"), .init("name"), .init("roles"), .init("in")],
            rows: rows, as: format, emptyText: "nobody holds a role here yet")
    }
}
