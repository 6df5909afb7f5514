/// How read commands print: aligned text, JSON (the contract's shapes), CSV, or (for
/// statements) a printable HTML page. Lists without a page print text for html.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case csv
    case html
}
