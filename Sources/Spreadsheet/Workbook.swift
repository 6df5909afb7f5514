import CXlsxWriter

/// An .xlsx workbook written through libxlsxwriter: a thin, safe wrapper that knows nothing
/// of ledgers. Rows are written in order (constant-memory mode: a sheet of any length takes
/// bounded memory), and the file is complete only once `close()` has returned.
public final class Workbook {
    private var handle: UnsafeMutablePointer<lxw_workbook>?
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    private var sheetNames: Set<String> = []

    public init(path: String) throws(SpreadsheetError) {
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 1)
        guard let handle = workbook_new_opt(path, &options) else { throw SpreadsheetError("cannot create \(path)") }
        self.handle = handle
    }

    deinit {
        // A workbook dropped without `close()` (an error on the way) still frees its memory;
        // its file is left incomplete, and the caller removes it.
        if let handle { _ = workbook_close(handle) }
    }

    /// A new sheet; the name is made valid for Excel (at most 31 characters, none of
    /// `[]:*?/\`) and unique in the workbook.
    public func addSheet(named wanted: String) throws(SpreadsheetError) -> Worksheet {
        guard let handle else { throw SpreadsheetError("the workbook is closed") }
        let name = uniqueName(wanted)
        guard let sheet = workbook_add_worksheet(handle, name) else { throw SpreadsheetError("cannot add the sheet \(name)") }
        sheetNames.insert(name)
        return Worksheet(sheet, formats: format)
    }

    /// Writes the file. Errors name libxlsxwriter's reason.
    public func close() throws(SpreadsheetError) {
        guard let closing = handle else { return }
        handle = nil
        let error = workbook_close(closing)
        guard error == LXW_NO_ERROR else { throw SpreadsheetError(String(cString: lxw_strerror(error))) }
    }

    private func format(_ style: CellStyle) -> UnsafeMutablePointer<lxw_format>? {
        if let known = formats[style] { return known }
        guard let handle, let format = workbook_add_format(handle) else { return nil }
        if style.bold { format_set_bold(format) }
        // Whole points, a layout measure; libxlsxwriter takes it as a double.
        if style.fontSize != 11 { format_set_font_size(format, Double(style.fontSize)) }
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        if style.indent > 0 { format_set_indent(format, UInt8(clamping: style.indent)) }
        if style.bordered { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if style.wrapped { format_set_text_wrap(format) }
        switch style.alignment {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        formats[style] = format
        return format
    }

    private func uniqueName(_ wanted: String) -> String {
        let forbidden = Set("[]:*?/\\")
        let cleaned = String(wanted.filter { !forbidden.contains($0) }.prefix(31))
        var name = cleaned.isEmpty ? "Sheet" : cleaned
        var number = 2
        while sheetNames.contains(name) {
            let suffix = " (\(number))"
            name = String(cleaned.prefix(31 - suffix.count)) + suffix
            number += 1
        }
        return name
    }
}

public struct SpreadsheetError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = "spreadsheet: \(description)" }
}
