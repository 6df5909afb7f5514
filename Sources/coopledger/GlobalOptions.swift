import ArgumentParser
import LedgerRendering
import LedgerService

/// Options every command takes, each also read from the environment.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("PostgreSQL URL or conninfo. Default: $COOPLEDGER_DATABASE_URL, else the embedded cluster.", valueName: "url"))
    var databaseURL: String?

    @Option(name: .long, help: ArgumentHelp("Cooperative code. Default: $COOPLEDGER_COOP, else the only cooperative.", valueName: "code"))
    var coop: String?

    @Option(name: .long, help: ArgumentHelp("The person acting, proven by their password (asked on a terminal, else the first line of standard input); the command does only what their roles allow. Default: $COOPLEDGER_USER, else `system`, the operator (admin of every cooperative).", valueName: "login"))
    var user: String?

    @Option(name: .long, help: "Output format: text, json, csv (UTF-8 with BOM, for Excel) or html (a printable page, for statements and lists).")
    var format: OutputFormat = .text
}

extension OutputFormat: ExpressibleByArgument {}
