import LedgerCore

extension TrialBalance {
    /// `{"coop":C,"as_of":D,"accounts":[{"code","name","member","debit","credit"}…],"totals":{"debit","credit"}}`
    public var json: JSONValue {
        .object([
            ("coop", .string(coop.rawValue)),
            ("as_of", .optional(asOf?.description)),
            ("accounts", .array(lines.map { line in
                .object([
                    ("code", .string(line.account.rawValue)),
                    ("name", .string(line.accountName)),
                    ("member", .optional(line.member.map { Int64($0.value) })),
                    ("debit", .string(line.debit.description)),
                    ("credit", .string(line.credit.description)),
                ])
            })),
            ("totals", .object([("debit", .string(totalDebit.description)), ("credit", .string(totalCredit.description))])),
        ])
    }

    public var text: String {
        var table = TextTable([.init("科目 account"), .init("名称 name"), .init("成员 member", .right), .init("借方 debit", .right), .init("贷方 credit", .right)])
        for line in lines {
            table.append([line.account.rawValue, line.accountName, line.member?.description ?? "", Self.blankIfZero(line.debit), Self.blankIfZero(line.credit)])
        }
        table.append(["", "合计 total", "", totalDebit.description, totalCredit.description])
        let title = "科目余额表 trial balance · \(coop) · " + (asOf.map { "as of \($0)" } ?? "all entries") + " · 元 yuan"
        let verdict = isBalanced ? "balanced: debits equal credits" : "NOT BALANCED: debits \(totalDebit) ≠ credits \(totalCredit)"
        return title + "\n\n" + table.rendered + "\n\n" + verdict
    }

    public var csv: String {
        var writer = CSVWriter(header: ["code", "name", "member", "debit", "credit"])
        for line in lines {
            writer.append([line.account.rawValue, line.accountName, line.member?.description ?? "", line.debit.description, line.credit.description])
        }
        writer.append(["", "total", "", totalDebit.description, totalCredit.description])
        return writer.text
    }

    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .text, .html: text
        case .json: json.rendered
        case .csv: csv
        }
    }

    private static func blankIfZero(_ money: Money) -> String { money.isZero ? "" : money.description }
}
