import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import ZIPFoundation

/// The first sheet of an .xlsx file, row by row, each cell as the text Excel shows for it:
/// shared and inline strings as they are, numbers in their shortest form, dates (numbers in a
/// date format) as YYYY-MM-DD, booleans as TRUE/FALSE. The sheet's XML is unpacked to a
/// private file and parsed as a stream, so a sheet of any length takes bounded memory; only
/// the shared strings are held.
public struct SheetReader {
    public let sheetName: String
    private let archive: Archive
    private let sheetPath: String
    private let sharedStrings: [String]
    private let dateStyles: Set<Int>

    public init(path: String) throws(SpreadsheetError) {
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SpreadsheetError("\(path) is not an .xlsx file (\(error))")
        }
        let workbook = try Self.document(archive, "xl/workbook.xml")
        guard let first = workbook.first(where: { $0.name == "sheet" }) else { throw SpreadsheetError("\(path) has no sheet") }
        sheetName = first.attributes["name"] ?? "Sheet1"
        let relations = (try? Self.document(archive, "xl/_rels/workbook.xml.rels")) ?? []
        let target = relations.first { $0.name == "Relationship" && $0.attributes["Id"] == first.attributes["r:id"] }?.attributes["Target"]
        sheetPath = target.map { $0.hasPrefix("/") ? String($0.dropFirst()) : "xl/" + $0 } ?? "xl/worksheets/sheet1.xml"
        sharedStrings = try Self.sharedStrings(archive)
        dateStyles = try Self.dateStyles(archive)
    }

    /// Calls `body` with each row's number (from 1, as Excel counts) and its cells from
    /// column A (empty text where a cell is missing). Rows with no cell are skipped.
    public func rows(_ body: @escaping (Int, [String]) throws -> Void) throws {
        guard let entry = archive[sheetPath] else { throw SpreadsheetError("the sheet \(sheetName) is missing from the file") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopledger-sheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let xml = folder.appendingPathComponent("sheet.xml")
        _ = try archive.extract(entry, to: xml)
        guard let stream = InputStream(url: xml) else { throw SpreadsheetError("cannot read the sheet \(sheetName)") }
        let rows = RowCollector(sharedStrings: sharedStrings, dateStyles: dateStyles, body: body)
        let parser = XMLParser(stream: stream)
        parser.delegate = rows
        if !parser.parse() {
            if let failure = rows.failure { throw failure }
            throw SpreadsheetError("the sheet \(sheetName) is not valid XML: \(parser.parserError.map { "\($0)" } ?? "unknown")")
        }
        if let failure = rows.failure { throw failure }
    }

    /// Column A is 0, Z 25, AA 26.
    public static func columnIndex(_ reference: Substring) -> Int? {
        var index = 0
        var letters = 0
        for byte in reference.utf8 {
            guard byte >= 65 && byte <= 90 else { break }
            index = index * 26 + Int(byte - 64)
            letters += 1
            guard letters <= 3 else { return nil }
        }
        return letters == 0 ? nil : index - 1
    }

    /// 0 is A, 25 Z, 26 AA.
    public static func columnName(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    // MARK: the small parts, read whole

    struct Element {
        let name: String
        let attributes: [String: String]
        var text = ""
    }

    private static func data(_ archive: Archive, _ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return data
    }

    /// Every element of a small XML part, in order, with its own text.
    private static func document(_ archive: Archive, _ path: String) throws(SpreadsheetError) -> [Element] {
        guard let data = try? data(archive, path) else { throw SpreadsheetError("\(path) is missing from the file") }
        let collector = ElementCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw SpreadsheetError("\(path) is not valid XML") }
        return collector.elements
    }

    private static func sharedStrings(_ archive: Archive) throws(SpreadsheetError) -> [String] {
        guard archive["xl/sharedStrings.xml"] != nil else { return [] }
        var strings: [String] = []
        var current: String?
        for element in try document(archive, "xl/sharedStrings.xml") {
            switch element.name {
            case "si":
                if let current { strings.append(current) }
                current = ""
            case "t": current = (current ?? "") + element.text
            default: break
            }
        }
        if let current { strings.append(current) }
        return strings
    }

    /// The cell styles whose number format is a date: Excel's built-in 14–22 and 45–47, and
    /// custom formats with a day, month or year in them.
    private static func dateStyles(_ archive: Archive) throws(SpreadsheetError) -> Set<Int> {
        guard archive["xl/styles.xml"] != nil else { return [] }
        let elements = try document(archive, "xl/styles.xml")
        var customDates: Set<Int> = []
        for element in elements where element.name == "numFmt" {
            guard let id = element.attributes["numFmtId"].flatMap(Int.init), let code = element.attributes["formatCode"] else { continue }
            let unquoted = code.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined()
            if unquoted.lowercased().contains(where: { "ymd".contains($0) }) { customDates.insert(id) }
        }
        var styles: Set<Int> = []
        var inCellXfs = false
        var index = 0
        for element in elements {
            if element.name == "cellXfs" { inCellXfs = true; continue }
            if element.name == "cellStyles" || element.name == "dxfs" { inCellXfs = false }
            guard inCellXfs, element.name == "xf" else { continue }
            let format = element.attributes["numFmtId"].flatMap(Int.init) ?? 0
            if (14...22).contains(format) || (45...47).contains(format) || customDates.contains(format) { styles.insert(index) }
            index += 1
        }
        return styles
    }
}

/// Collects elements with their text (for the small parts).
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [SheetReader.Element] = []
    private var open: [Int] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(.init(name: name, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }
}

/// Builds one row at a time from the sheet's stream and hands it on.
private final class RowCollector: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    let body: (Int, [String]) throws -> Void
    var failure: (any Error)?

    private var rowNumber = 0
    private var cells: [String] = []
    private var cellColumn = 0
    private var cellType = ""
    private var cellStyle = 0
    private var text = ""
    private var collecting = false

    init(sharedStrings: [String], dateStyles: Set<Int>, body: @escaping (Int, [String]) throws -> Void) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.body = body
    }

    /// Columns past this are not read: no ledger file is that wide, and a hostile file
    /// cannot make a row of a million empty cells.
    static let columnsMax = 256

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            let reference = attributes["r"] ?? ""
            cellColumn = SheetReader.columnIndex(Substring(reference)) ?? cells.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            collecting = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            guard cellColumn < Self.columnsMax else {
                fail(parser, SpreadsheetError("row \(rowNumber) has a cell past column \(SheetReader.columnName(Self.columnsMax - 1))"))
                return
            }
            while cells.count <= cellColumn { cells.append("") }
            cells[cellColumn] = value()
        case "row":
            guard cells.contains(where: { !$0.isEmpty }) else { return }
            do { try body(rowNumber, cells) } catch { fail(parser, error) }
        default:
            break
        }
    }

    private func fail(_ parser: XMLParser, _ error: any Error) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    /// The cell's text as Excel shows it.
    private func value() -> String {
        switch cellType {
        case "s": return Int(text).flatMap { sharedStrings.indices.contains($0) ? sharedStrings[$0] : nil } ?? ""
        case "b": return text == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e": return text
        default:
            if dateStyles.contains(cellStyle), let serial = Int(text.prefix { $0 != "." }), let day = SheetReader.day(fromSerial: serial) { return day }
            return SheetReader.asTyped(text)
        }
    }
}

extension SheetReader {
    /// A number as Excel shows it. Excel keeps a double and writes up to 17 significant
    /// digits (1234.5599999999999 for a typed 1234.56) but shows 15: the digits are rounded
    /// to 15, half up, as decimal text, never through floating point (amounts come this way).
    /// Numbers in exponent form are left as written.
    public static func asTyped(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !unsigned.isEmpty, unsigned.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { return text }
        let whole = String(parts[0]), fraction = parts.count == 2 ? String(parts[1]) : ""
        var digits = Array((whole + fraction).utf8).map { Int($0) - 48 }
        let leadingZeros = digits.prefix { $0 == 0 }.count
        guard digits.count - leadingZeros > 15 else { return text }
        // Round at the 15th significant digit, carrying into the digits before it.
        let keep = leadingZeros + 15
        var carry = digits[keep] >= 5 ? 1 : 0
        digits = Array(digits[..<keep])
        var index = digits.count - 1
        while carry == 1 && index >= 0 {
            digits[index] += 1
            carry = digits[index] == 10 ? 1 : 0
            if carry == 1 { digits[index] = 0 }
            index -= 1
        }
        var wholeDigits = digits.count >= whole.count ? Array(digits[..<whole.count]) : digits + Array(repeating: 0, count: whole.count - digits.count)
        var fractionDigits = digits.count > whole.count ? Array(digits[whole.count...]) : []
        if carry == 1 { wholeDigits.insert(1, at: 0) }
        while fractionDigits.last == 0 { fractionDigits.removeLast() }
        let wholeText = String(wholeDigits.map { Character(String($0)) }).drop { $0 == "0" }
        let number = (wholeText.isEmpty ? "0" : String(wholeText)) + (fractionDigits.isEmpty ? "" : "." + String(fractionDigits.map { Character(String($0)) }))
        return negative && number != "0" ? "-" + number : number
    }

    /// Excel's day serial (1900 system: 1 is 1900-01-01, with its phantom 1900-02-29) as YYYY-MM-DD.
    public static func day(fromSerial serial: Int) -> String? {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        var days = serial
        if days > 59 { days -= 1 }
        // Days since 1899-12-31, as a civil date (Howard Hinnant's algorithm).
        let z = days - 25_568 + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
