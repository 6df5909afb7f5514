/// How read commands print: aligned text, JSON (the contract's shapes), or CSV.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case csv
}
