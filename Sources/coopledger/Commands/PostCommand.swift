import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct PostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post one balanced journal entry.",
        discussion: """
            Each line is ACCOUNT[:MEMBER]=AMOUNT in yuan, e.g. --debit 102=2500 --credit 114:7=2500. \
            Posting the same --key again with the same content writes nothing; with other content it is refused.
            """
    )

    @Option(help: "Booking date (YYYY-MM-DD).")
    var date: String
    @Option(help: "What the entry is for.")
    var memo = ""
    @Option(help: "Idempotency key: a retry with the same key posts nothing new.")
    var key: String
    @Option(help: ArgumentHelp("A debit line, ACCOUNT[:MEMBER]=AMOUNT (repeatable).", valueName: "line"))
    var debit: [String] = []
    @Option(help: ArgumentHelp("A credit line, ACCOUNT[:MEMBER]=AMOUNT (repeatable).", valueName: "line"))
    var credit: [String] = []
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let lines =
            try debit.enumerated().map { try LineArgument.parse($1, side: "debit", index: $0 + 1) }
            + credit.enumerated().map { try LineArgument.parse($1, side: "credit", index: $0 + 1) }
        let entry = try JournalEntry(key: key, date: Day(parsing: date, field: "date"), memo: memo, lines: lines)
        let text = try await Session.run(global, needs: .operation(.post)) { session in
            try await session.describe(try await session.ledger.post(entry, to: try await session.coop()), key: key)
        }
        print(text)
    }
}

/// `ACCOUNT[:MEMBER]=AMOUNT`, as `post` takes it.
enum LineArgument {
    static func parse(_ text: String, side: String, index: Int) throws(LedgerError) -> PostingLine {
        let field = "\(side)[\(index)]"
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw LedgerError(.invalidValue, field: field, value: text, rule: "a line is ACCOUNT[:MEMBER]=AMOUNT, like 114:7=2500.00")
        }
        let target = parts[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let account = try AccountCode(parsing: String(target[0]), field: field)
        let member = try target.count == 2 ? MemberNumber(parsing: String(target[1]), field: field) : nil
        let amount = try Money(parsing: String(parts[1]), field: field)
        guard amount.fen > 0 else {
            throw LedgerError(
                .invalidAmount, field: field, value: String(parts[1]), rule: "a line's amount is positive; its side (--debit or --credit) gives the direction")
        }
        return side == "debit" ? .debit(account, member: member, amount) : .credit(account, member: member, amount)
    }
}
