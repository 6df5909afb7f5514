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

    public var rendered: String {
        let all = [columns.map(\.title)] + rows
        // Each cell's width once: a report may have tens of thousands of cells.
        let cellWidths = all.map { $0.map(Self.displayWidth) }
        let widths = columns.indices.map { index in cellWidths.map { $0[index] }.max() ?? 0 }
        var output = ""
        for (rowIndex, row) in all.enumerated() {
            var line = ""
            for index in columns.indices {
                if index > 0 { line += "  " }
                let padding = String(repeating: " ", count: widths[index] - cellWidths[rowIndex][index])
                let isLast = index == columns.count - 1
                switch columns[index].alignment {
                case .left: line += isLast ? row[index] : row[index] + padding
                case .right: line += padding + row[index]
                }
            }
            output += line + "\n"
            if rowIndex == 0 { output += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        output.removeLast()
        return output
    }

    /// East Asian wide and full-width characters take two terminal cells.
    static func displayWidth(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let isWide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
                || (0x20000...0x3FFFD).contains(value)
            return width + (isWide ? 2 : 1)
        }
    }
}
