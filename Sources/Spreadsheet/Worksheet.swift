import CXlsxWriter

/// How a cell looks: each distinct style becomes one format of the workbook.
public struct CellStyle: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable { case general, left, center, right }

    public var bold = false
    public var fontSize = 11
    /// Excel's number format, e.g. `#,##0.00` or `yyyy-mm-dd`.
    public var numberFormat: String?
    public var indent = 0
    public var bordered = false
    public var wrapped = false
    public var alignment = Alignment.general

    public init(
        bold: Bool = false, fontSize: Int = 11, numberFormat: String? = nil, indent: Int = 0,
        bordered: Bool = false, wrapped: Bool = false, alignment: Alignment = .general
    ) {
        self.bold = bold
        self.fontSize = fontSize
        self.numberFormat = numberFormat
        self.indent = indent
        self.bordered = bordered
        self.wrapped = wrapped
        self.alignment = alignment
    }
}

/// One sheet. Rows and columns count from 0; in constant-memory mode a row, once a later
/// row is written, is final.
public struct Worksheet {
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    private let formats: (CellStyle) -> UnsafeMutablePointer<lxw_format>?

    init(_ sheet: UnsafeMutablePointer<lxw_worksheet>, formats: @escaping (CellStyle) -> UnsafeMutablePointer<lxw_format>?) {
        self.sheet = sheet
        self.formats = formats
    }

    public func write(_ text: String, row: Int, column: Int, style: CellStyle = CellStyle()) {
        _ = worksheet_write_string(sheet, UInt32(clamping: row), UInt16(clamping: column), text, formats(style))
    }

    /// An exact decimal, `units` of 10^-`places` (fen: places 2; a count: places 0). Excel keeps
    /// every number as a double and shows 15 significant digits, so a decimal of at most 15
    /// digits is written as the number nearest it (`excelNumber`), which Excel shows back
    /// exactly; a longer one, which no double holds, is written as its exact text instead.
    public func write(units: Int64, places: Int = 0, row: Int, column: Int, style: CellStyle = CellStyle()) {
        guard let number = Self.excelNumber(units, places: places) else {
            write(Self.decimalText(units, places: places), row: row, column: column, style: style)
            return
        }
        _ = worksheet_write_number(sheet, UInt32(clamping: row), UInt16(clamping: column), number, formats(style))
    }

    /// Excel's 15 significant digits: the decimals a double holds, as typed.
    static let exactUnitsMax: UInt64 = 999_999_999_999_999

    /// The one conversion of an amount to floating point, at the file's edge (libxlsxwriter
    /// takes numbers only as doubles): `units` ÷ 10^`places`, both integers Double holds
    /// exactly, so IEEE division gives the double nearest the decimal. Nil past 15 digits.
    static func excelNumber(_ units: Int64, places: Int) -> Double? {
        guard units.magnitude <= exactUnitsMax, (0...15).contains(places) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        return Double(units) / Double(scale)
    }

    /// `units` ÷ 10^`places` as decimal text ("-1234.50"), in integers only.
    static func decimalText(_ units: Int64, places: Int) -> String {
        let digits = String(units.magnitude)
        let places = max(places, 0)
        let padded = String(repeating: "0", count: max(places + 1 - digits.count, 0)) + digits
        let whole = padded.dropLast(places), fraction = padded.suffix(places)
        return (units < 0 ? "-" : "") + whole + (places > 0 ? "." + fraction : "")
    }

    /// A calendar day, stored as Excel's date serial with the style's date format.
    public func write(year: Int, month: Int, day: Int, row: Int, column: Int, style: CellStyle) {
        var date = lxw_datetime(year: Int32(clamping: year), month: Int32(clamping: month), day: Int32(clamping: day), hour: 0, min: 0, sec: 0)
        _ = worksheet_write_datetime(sheet, UInt32(clamping: row), UInt16(clamping: column), &date, formats(style))
    }

    public func blank(row: Int, column: Int, style: CellStyle) {
        _ = worksheet_write_blank(sheet, UInt32(clamping: row), UInt16(clamping: column), formats(style))
    }

    /// Column width in whole characters (a layout measure; libxlsxwriter takes it as a double).
    public func setColumns(_ first: Int, _ last: Int, width: Int) {
        _ = worksheet_set_column(sheet, UInt16(clamping: first), UInt16(clamping: last), Double(width), nil)
    }

    /// Rows above `row` stay in view when scrolling, and print on every page.
    public func freezeRows(above row: Int) {
        worksheet_freeze_panes(sheet, UInt32(clamping: row), 0)
        if row > 0 { _ = worksheet_repeat_rows(sheet, 0, UInt32(clamping: row - 1)) }
    }

    /// A4, one page wide, portrait or landscape.
    public func printOnA4(landscape: Bool) {
        worksheet_set_paper(sheet, 9)
        if landscape { worksheet_set_landscape(sheet) } else { worksheet_set_portrait(sheet) }
        worksheet_fit_to_pages(sheet, 1, 0)
    }
}
