import ArgumentParser
import LedgerRendering
import LedgerService

/// Options every command takes, each also read from the environment.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("PostgreSQL URL or conninfo. Default: $COOPLEDGER_DATABASE_URL, else the embedded cluster.", valueName: "url"))
    var databaseURL: String?

    @Option(name: .long, help: ArgumentHelp("Cooperative code. Default: $COOPLEDGER_COOP, else the only cooperative.", valueName: "code"))
    var coop: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The person acting, proven by their password (asked on a terminal, else the first line of standard input); the command does only what their roles allow. Default: $COOPLEDGER_USER, else `system`, the operator (admin of every cooperative).",
            valueName: "login"))
    var user: String?

    @Option(
        name: .customLong("format"),
        help:
            "Output format: text, json, csv (UTF-8 with BOM, for Excel), html (a printable page, for statements and lists) or xlsx (an Excel workbook, for statements, with --output)."
    )
    var formatChoice: FormatChoice = .text

    /// How text output is rendered (an xlsx workbook is written by the statements alone).
    var format: OutputFormat { formatChoice.rendering }
    var wantsWorkbook: Bool { formatChoice == .xlsx }
}

/// `--format`: the text renderings, or an Excel workbook.
enum FormatChoice: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv, html, xlsx

    var rendering: OutputFormat { OutputFormat(rawValue: rawValue) ?? .csv }
}

extension OutputFormat: ExpressibleByArgument {}
