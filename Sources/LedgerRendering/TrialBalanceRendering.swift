import LedgerCore
import LedgerService

extension TrialBalance: TableRendering {
    /// `{"coop":C,"as_of":D,"accounts":[{"code","name","member","debit","credit"}…],"totals":{"debit","credit"}}`;
    /// an account with member lines is followed by its subtotal, `"member":null,"subtotal":true`,
    /// which the totals leave out.
    public var json: JSONValue {
        .object([
            ("coop", .string(coop.rawValue)),
            ("as_of", .optional(asOf?.description)),
            (
                "accounts",
                .array(
                    rows.map { row in
                        var fields: [(String, JSONValue)] = [
                            ("code", .string(row.account.rawValue)),
                            ("name", .string(row.accountName)),
                            ("member", .optional(row.member.map { Int64($0.value) })),
                            ("debit", .string(row.debit.description)),
                            ("credit", .string(row.credit.description)),
                        ]
                        if row.isSubtotal { fields.append(("subtotal", .bool(true))) }
                        return JSONValue.object(fields)
                    })
            ),
            ("totals", .object([("debit", .string(totalDebit.description)), ("credit", .string(totalCredit.description))])),
            ("chain_head", .optional(chainHead)),
        ])
    }

    public var text: String {
        var table = TextTable([.init("科目 account"), .init("名称 name"), .init("成员 member", .right), .init("借方 debit", .right), .init("贷方 credit", .right)])
        for row in rows {
            table.append([
                row.account.rawValue, Self.name(of: row), row.member?.description ?? "",
                Self.blankIfZero(row.debit), Self.blankIfZero(row.credit),
            ])
        }
        table.append(["", "合计 total", "", totalDebit.description, totalCredit.description])
        let title = "科目余额表 trial balance · \(coop) · " + (asOf.map { "as of \($0)" } ?? "all entries") + " · 元 yuan"
        let verdict = isBalanced ? "balanced: debits equal credits" : "NOT BALANCED: debits \(totalDebit) ≠ credits \(totalCredit)"
        return title + "\n\n" + table.rendered + "\n\n" + verdict
    }

    public var csv: String {
        var writer = CSVWriter(header: ["code", "name", "member", "debit", "credit"])
        for row in rows {
            writer.append([row.account.rawValue, Self.name(of: row), row.member?.description ?? "", row.debit.description, row.credit.description])
        }
        writer.append(["", "total", "", totalDebit.description, totalCredit.description])
        return writer.text
    }

    /// A subtotal row reads as one in every format (`股金 小计 subtotal`).
    private static func name(of row: Row) -> String { row.isSubtotal ? "\(row.accountName) 小计 subtotal" : row.accountName }

    private static func blankIfZero(_ money: Money) -> String { money.isZero ? "" : money.description }
}
