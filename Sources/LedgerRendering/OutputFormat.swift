/// How read commands print: aligned text, JSON (the contract's shapes), CSV, or (for
/// statements) a printable HTML page. Lists without a page print text for html.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case csv
    case html
}

/// Something printed as text, JSON or CSV; without a page of its own, html prints the text.
public protocol TableRendering {
    var text: String { get }
    var json: JSONValue { get }
    var csv: String { get }
}

extension TableRendering {
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .text, .html: text
        case .json: json.rendered
        case .csv: csv
        }
    }
}
