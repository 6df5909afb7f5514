import LedgerCore
import LedgerStore

/// The plain-text-accounting dialects coopledger writes.
public enum PlainTextFormat: String, Sendable, CaseIterable {
    case hledger
    case beancount
}

/// Writes the whole journal for hledger or beancount: accounts by code and name,
/// member detail accounts as sub-accounts, entry ids and keys as tags or metadata.
struct PlainTextWriter {
    let format: PlainTextFormat
    let chart: Chart

    /// The accounts, member detail accounts included, declared (opened) before any entry.
    func header(coop: Cooperative, head: ChainHead, firstDay: Day, memberAccounts: [(AccountCode, MemberNumber)]) -> String {
        // Every account: a heading may hold postings from before it had sub-accounts.
        let accounts =
            chart.accounts.values.sorted { $0.code < $1.code }.map { ($0.code, nil as MemberNumber?) }
            + memberAccounts.map { ($0.0, Optional($0.1)) }
        switch format {
        case .hledger:
            var text = "; coopledger export of \(coop.code) (\(oneLine(coop.name))), \(head)\n\n"
            for (code, member) in accounts { text += "account \(hledgerName(code, member: member))\n" }
            return text + "\n"
        case .beancount:
            var text = "; coopledger export of \(coop.code), \(head)\n"
            text += "option \"title\" \"\(quoted(coop.name))\"\noption \"operating_currency\" \"CNY\"\n\n"
            for (code, member) in accounts {
                text += "\(firstDay) open \(beancountName(code, member: member)) CNY\n"
                if member == nil { text += "  name: \"\(quoted(chart[code]?.name ?? ""))\"\n" }
            }
            return text + "\n"
        }
    }

    func entry(_ stored: StoredEntry) -> String {
        let entry = stored.entry
        switch format {
        case .hledger:
            var text =
                "\(entry.date) \(oneLine(entry.memo).replacingOccurrences(of: ";", with: "；"))  ; entry:\(stored.id), key:\(oneLine(entry.key).replacingOccurrences(of: ",", with: "，")), kind:\(entry.kind.rawValue)\n"
            for line in entry.lines {
                text += "    \(hledgerName(line.account, member: line.member))  \(line.amount) CNY\n"
            }
            return text + "\n"
        case .beancount:
            var text =
                "\(entry.date) * \"\(quoted(oneLine(entry.memo)))\"\n  entry: \"\(stored.id)\"\n  key: \"\(quoted(entry.key))\"\n  kind: \"\(entry.kind.rawValue)\"\n"
            for line in entry.lines {
                text += "  \(beancountName(line.account, member: line.member))  \(line.amount) CNY\n"
            }
            return text + "\n"
        }
    }

    func hledgerName(_ code: AccountCode, member: MemberNumber?) -> String {
        let account = chart[code]
        let name = "\(root(code, english: false)):\(code) \(account?.name ?? "")"
        return member.map { "\(name):member \($0)" } ?? name
    }

    /// Beancount names allow ASCII only: `Assets:A102`, `Liabilities:A221:M7`.
    func beancountName(_ code: AccountCode, member: MemberNumber?) -> String {
        let name = "\(root(code, english: true)):A\(code)"
        return member.map { "\(name):M\($0)" } ?? name
    }

    /// The top account: the chart's class, and for profit and loss revenue or expense.
    private func root(_ code: AccountCode, english: Bool) -> String {
        switch chart[code]?.kind {
        case .asset, .cost, nil: english ? "Assets" : "assets"
        case .liability: english ? "Liabilities" : "liabilities"
        case .equity: english ? "Equity" : "equity"
        case .profitAndLoss:
            ["501", "502", "511"].contains(code.rawValue) ? (english ? "Income" : "revenues") : (english ? "Expenses" : "expenses")
        }
    }

    private func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    private func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
