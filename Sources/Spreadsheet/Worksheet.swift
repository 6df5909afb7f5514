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

    public init(bold: Bool = false, fontSize: Int = 11, numberFormat: String? = nil, indent: Int = 0,
                bordered: Bool = false, wrapped: Bool = false, alignment: Alignment = .general) {
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

    /// An exact decimal, `units` of 10^-`places` (fen: places 2; a count: places 0). Excel
    /// keeps every number as a double, so it is converted here, at the file's edge and nowhere
    /// else: integer ÷ power of ten is correctly rounded, the double nearest the decimal,
    /// which the cell's format shows back exactly (below 2^53 units).
    public func write(units: Int64, places: Int = 0, row: Int, column: Int, style: CellStyle = CellStyle()) {
        var scale = 1.0
        for _ in 0..<max(places, 0) { scale *= 10 }
        _ = worksheet_write_number(sheet, UInt32(clamping: row), UInt16(clamping: column), Double(units) / scale, formats(style))
    }

    /// A calendar day, stored as Excel's date serial with the style's date format.
    public func write(year: Int, month: Int, day: Int, row: Int, column: Int, style: CellStyle) {
        var date = lxw_datetime(year: Int32(clamping: year), month: Int32(clamping: month), day: Int32(clamping: day), hour: 0, min: 0, sec: 0)
        _ = worksheet_write_datetime(sheet, UInt32(clamping: row), UInt16(clamping: column), &date, formats(style))
    }

    public func blank(row: Int, column: Int, style: CellStyle) {
        _ = worksheet_write_blank(sheet, UInt32(clamping: row), UInt16(clamping: column), formats(style))
    }

    /// Column width in characters.
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
