/// Labels in Chinese (the default, as the forms are printed) or English.
public enum Language: String, Sendable, CaseIterable {
    case zh
    case en

    func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}

/// A statement as a table: what every report becomes before it is rendered as text,
/// JSON, CSV or a printable page.
public struct Statement: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// A stable name for machines (`monetary_funds`); empty for plain data rows.
        public let key: String
        public let label: String
        /// The line number on the official form, if it has one.
        public let line: Int?
        /// One value per value column (money as yuan with two decimals, or text).
        public let values: [String]
        public let isTotal: Bool
        public let indent: Int

        public init(key: String = "", label: String, line: Int? = nil, values: [String], isTotal: Bool = false, indent: Int = 0) {
            self.key = key
            self.label = label
            self.line = line
            self.values = values
            self.isTotal = isTotal
            self.indent = indent
        }
    }

    /// The report's name on the command line (`balance-sheet`).
    public let name: String
    /// The official form's code (会农社01表), if it is one.
    public let formCode: String?
    public let title: String
    public let coopName: String
    public let period: String
    public let language: Language
    /// The label column's heading, then one heading per value column.
    public let columns: [String]
    /// Machine names of the value columns, for JSON.
    public let columnKeys: [String]
    public var rows: [Row]
    public var notes: [String]
    /// The hash chain head the statement was made from.
    public var chainHead: String?
    /// The period events' head (closings and reopenings), when any period was ever closed.
    public var periodHead: String?
    /// Who signs the printed page, when not the form's usual three (a member signs their account).
    public var signatureLabels: [String]?
    /// A two-sided form (01表): `rows[..<facingSplit]` print on the left, the rest on the right.
    public var facingSplit: Int?
    /// Which page of a paged statement (the journal) this is: page `number` of `count`.
    public struct Page: Sendable, Equatable {
        public let number: Int
        public let count: Int

        public init(number: Int, count: Int) {
            self.number = number
            self.count = count
        }
    }

    public var page: Page?
    /// Columns of words, not figures (a memo, an account's name): left-aligned and wrapped in text.
    public var textColumnKeys: Set<String> = []
    /// Display cells a text column (or a label) takes before it wraps.
    public static let textColumnWidth = 40

    public init(
        name: String, formCode: String?, title: String, coopName: String, period: String, language: Language,
        columns: [String], columnKeys: [String], rows: [Row], notes: [String] = [], chainHead: String? = nil
    ) {
        self.name = name
        self.formCode = formCode
        self.title = title
        self.coopName = coopName
        self.period = period
        self.language = language
        self.columns = columns
        self.columnKeys = columnKeys
        self.rows = rows
        self.notes = notes
        self.chainHead = chainHead
    }

    public var unitLabel: String { language.pick("单位：元", "Unit: yuan") }

    /// The money in a row's column, for tie-out checks.
    public func amount(_ key: String, column: Int = 0) -> Money? {
        guard let row = rows.first(where: { $0.key == key }), row.values.indices.contains(column) else { return nil }
        return try? Money(parsing: row.values[column], field: key)
    }

    /// The money in a row's column named by its machine name (`closing`).
    public func amount(_ key: String, column name: String) -> Money? {
        columnKeys.firstIndex(of: name).flatMap { amount(key, column: $0) }
    }
}

extension AccountCode: ExpressibleByStringLiteral {
    /// Only for the chart's own codes written in the program.
    public init(stringLiteral value: String) {
        self = try! AccountCode(parsing: value, field: "code")
    }
}
