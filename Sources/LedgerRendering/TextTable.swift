import LedgerCore

/// Columns aligned for a terminal. Chinese characters take two cells, so widths are
/// counted in display cells, not characters.
public struct TextTable {
    public enum Alignment { case left, right }

    public struct Column {
        public let title: String
        public let alignment: Alignment
        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public let columns: [Column]
    public var rows: [[String]] = []

    public init(_ columns: [Column]) { self.columns = columns }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// A cell may hold several lines (a wrapped memo): its row is as tall as its tallest cell.
    public var rendered: String {
        let all = [columns.map(\.title)] + rows
        // Each cell's lines and widths once: a report may have tens of thousands of cells.
        // Control characters in a cell (an ESC in a memo) are shown escaped, never sent to the terminal.
        let cellLines = all.map { $0.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { TextSafety.escapingControls(String($0)) } } }
        let cellWidths = cellLines.map { $0.map { $0.map(Self.displayWidth) } }
        let widths = columns.indices.map { index in cellWidths.map { $0[index].max() ?? 0 }.max() ?? 0 }
        var output = ""
        for rowIndex in all.indices {
            let height = cellLines[rowIndex].map(\.count).max() ?? 1
            for lineIndex in 0..<height {
                var line = ""
                for index in columns.indices {
                    if index > 0 { line += "  " }
                    let lines = cellLines[rowIndex][index]
                    let text = lineIndex < lines.count ? lines[lineIndex] : ""
                    let width = lineIndex < lines.count ? cellWidths[rowIndex][index][lineIndex] : 0
                    let padding = String(repeating: " ", count: widths[index] - width)
                    let isLast = index == columns.count - 1
                    switch columns[index].alignment {
                    case .left: line += isLast ? text : text + padding
                    case .right: line += padding + text
                    }
                }
                // Blank cells at the end of a wrapped line's continuation leave no trailing spaces.
                while line.last == " " { line.removeLast() }
                output += line + "\n"
            }
            if rowIndex == 0 { output += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        output.removeLast()
        return output
    }

    /// `text` in lines of at most `width` display cells, broken at a space where there is one.
    public static func wrapped(_ text: String, width: Int) -> String {
        guard displayWidth(text) > width else { return text }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for character in text {
            let characterWidth = displayWidth(String(character))
            if lineWidth + characterWidth > width {
                if let space = line.lastIndex(of: " "), space > line.startIndex {
                    lines.append(String(line[..<space]))
                    line = String(line[line.index(after: space)...])
                } else {
                    lines.append(line)
                    line = ""
                }
                lineWidth = displayWidth(line)
            }
            if !(line.isEmpty && character == " ") {
                line.append(character)
                lineWidth += characterWidth
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// East Asian wide and full-width characters take two terminal cells.
    public static func displayWidth(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let isWide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
                || (0x20000...0x3FFFD).contains(value)
            return width + (isWide ? 2 : 1)
        }
    }
}
