import LedgerCore
import LedgerService

/// Text, JSON and CSV for the simple lists: cooperatives, members, accounts.
public enum CooperativeRendering {
    public static func render(_ coops: [Cooperative], as format: OutputFormat) -> String {
        let rows = coops.map { coop in
            [
                coop.code.rawValue, coop.name, coop.settings.reserveRate.description, coop.settings.patronageShare.description,
                coop.settings.capitalShare.description,
            ]
        }
        return ListRendering.render(
            columns: [.init("code"), .init("name"), .init("reserve_rate", .right), .init("patronage_share", .right), .init("capital_share", .right)],
            rows: rows, as: format, emptyText: "no cooperatives yet; create one with `coopledger coop create`"
        )
    }
}

public enum MemberRendering {
    /// A member as JSON, one shape for the command line and the HTTP API.
    public static func json(_ member: Member, showID: Bool) -> JSONValue {
        .object([
            ("number", .integer(Int64(member.number.value))), ("name", .string(member.name)),
            ("id_number", .optional(showID ? member.idNumber : member.maskedIDNumber)), ("poor_household", .bool(member.isPoorHousehold)),
            ("joined", .optional(member.joinedOn?.description)), ("left", .optional(member.leftOn?.description)),
        ])
    }

    public static func render(_ members: [Member], as format: OutputFormat, showID: Bool) -> String {
        if format == .json { return JSONValue.array(members.map { json($0, showID: showID) }).rendered }
        let rows = members.map { member in
            [
                member.number.description, member.name, (showID ? member.idNumber : member.maskedIDNumber) ?? "",
                member.isPoorHousehold ? "yes" : "no", member.joinedOn?.description ?? "", member.leftOn?.description ?? "",
            ]
        }
        return ListRendering.render(
            columns: [.init("number", .right), .init("name"), .init("id_number"), .init("poor_household"), .init("joined"), .init("left")],
            rows: rows, as: format, emptyText: "no members yet"
        )
    }
}

public enum AccountRendering {
    public static func render(_ accounts: [Account], as format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.array(
                accounts.map { account in
                    .object([
                        ("code", .string(account.code.rawValue)), ("name", .string(account.name)), ("kind", .string(account.kind.rawValue)),
                        ("member_detail", .string(account.memberRule.rawValue)), ("postable", .bool(account.isPostable)),
                        ("parent", .optional(account.parent?.rawValue)), ("active", .bool(account.isActive)),
                        ("default_sub_account", .optional(account.postsTo?.rawValue)),
                    ])
                }
            ).rendered
        }
        let rows = accounts.map { account in
            [
                (account.parent == nil ? "" : "  ") + account.code.rawValue, account.name, account.kind.rawValue, account.memberRule.rawValue,
                account.isPostable ? "yes" : "no", account.isActive ? "" : "deactivated", account.postsTo?.rawValue ?? "",
            ]
        }
        return ListRendering.render(
            columns: [.init("code"), .init("name"), .init("kind"), .init("member_detail"), .init("postable"), .init("status"), .init("default_sub_account")],
            rows: rows, as: format, emptyText: "no accounts"
        )
    }
}

public enum PostingRendering {
    public static func render(_ outcome: PostingOutcome, key: String, voucher: VoucherNumber?, as format: OutputFormat) -> String {
        switch format {
        case .json:
            let status = if case .posted = outcome { "posted" } else { "replayed" }
            return JSONValue.object([
                ("entry", .integer(outcome.entryID.value)), ("voucher", .optional(voucher?.description)),
                ("status", .string(status)), ("key", .string(key)),
            ]).rendered
        case .text, .csv, .html:
            let named = voucher.map { "voucher \($0), entry \(outcome.entryID)" } ?? "entry \(outcome.entryID)"
            switch outcome {
            case .posted: return "posted \(named) (key \(key))"
            case .replayed: return "\(named) was already posted with key \(key) and the same content; nothing written"
            }
        }
    }
}

enum ListRendering {
    /// One table in the chosen format; JSON is an array of objects keyed by column title.
    static func render(columns: [TextTable.Column], rows: [[String]], as format: OutputFormat, emptyText: String) -> String {
        switch format {
        case .text, .html:
            guard !rows.isEmpty else { return emptyText }
            var table = TextTable(columns)
            rows.forEach { table.append($0) }
            return table.rendered
        case .json:
            return JSONValue.array(
                rows.map { row in
                    .object(zip(columns, row).map { column, value in (column.title, .string(value)) })
                }
            ).rendered
        case .csv:
            var writer = CSVWriter(header: columns.map(\.title))
            rows.forEach { writer.append($0) }
            return writer.text
        }
    }
}
