import LedgerCore
import LedgerService

public enum ImportRendering {
    public static func summary(_ summary: ImportSummary, as format: OutputFormat) -> String {
        let milliseconds = summary.elapsed.components.seconds * 1_000 + summary.elapsed.components.attoseconds / 1_000_000_000_000_000
        let seconds = DecimalText.format(milliseconds, decimals: 3)
        if format == .json {
            return JSONValue.object([
                ("file", .string(summary.file)), ("posted", .integer(summary.posted)), ("skipped", .integer(summary.skipped)),
                ("lines", .integer(Int64(summary.linesRead))), ("seconds", .string(seconds)), ("dry_run", .bool(summary.isDryRun)),
                ("vouchers", .array(summary.vouchers.map { .object([("first", .string($0.first.description)), ("last", .string($0.last.description))]) })),
            ]).rendered
        }
        if summary.isEmpty { return "\(summary.file): no journal lines in the file; nothing posted" }
        let verb = summary.isDryRun ? "would post" : "posted"
        return "\(summary.file): \(verb) \(summary.posted) entries, skipped \(summary.skipped) already posted, read \(summary.linesRead) lines in \(seconds) s"
            + (summary.isDryRun ? " (dry run: nothing written)" : "")
            + (summary.vouchers.isEmpty ? "" : "\nvouchers: " + summary.vouchers.map(\.description).joined(separator: ", "))
    }

    public static func errors(_ refused: ImportRefused, as format: OutputFormat) -> String {
        if format == .json {
            return JSONValue.object([
                (
                    "error",
                    .object([
                        ("code", .string("invalid_input")), ("message", .string(refused.description)),
                        (
                            "errors",
                            .array(
                                refused.errors.map { error in
                                    .object(
                                        [
                                            ("file", .string(error.file)), ("line", .integer(Int64(error.line))), ("field", .string(error.field)),
                                            ("message", .string(error.message)),
                                        ]
                                            + (error.cell.map { [("cell", JSONValue.string($0))] } ?? []))
                                })
                        ),
                    ])
                )
            ]).rendered
        }
        return (refused.errors.map(\.description) + ["coopledger: import refused: \(refused.description)"]).joined(separator: "\n")
    }
}
