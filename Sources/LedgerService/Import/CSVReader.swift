import Foundation

/// One CSV record and the physical line it starts on (a quoted field may span lines).
public struct CSVRecord: Sendable, Equatable {
    public let fields: [String]
    public let line: Int
}

/// A malformed file, at a line.
public struct CSVFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// A strict, streaming RFC 4180 reader: UTF-8 (optional byte-order mark), LF or CRLF,
/// reading 64 KiB at a time so memory stays bounded whatever the file's size.
///
/// Written here rather than taken from yaslab/CSV.swift because that reader accepts an
/// unterminated quote silently (the field runs to the end of the file) and reports no
/// line numbers; bookkeepers need both refused and located.
public final class CSVReader {
    /// A field longer than this is refused rather than buffered.
    public static let fieldBytesMax = 64 * 1024
    public static let fieldsPerRecordMax = 64

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var isAtEnd = false
    private var line = 1
    private var isFirstRead = true
    /// Bytes consumed from the file so far, for progress.
    public private(set) var bytesRead: Int64 = 0

    public init(handle: FileHandle) {
        self.handle = handle
    }

    public convenience init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CSVFormatError(line: 0, message: "cannot open \(path)")
        }
        self.init(handle: handle)
    }

    /// The next record, or nil at the end of the file. Blank lines are skipped.
    public func next() throws(CSVFormatError) -> CSVRecord? {
        while true {
            guard let first = try peek() else { return nil }
            if first == UInt8(ascii: "\n") || first == UInt8(ascii: "\r") {
                try consumeLineEnd()
                continue
            }
            return try readRecord()
        }
    }

    private func readRecord() throws(CSVFormatError) -> CSVRecord {
        let startLine = line
        var fields: [String] = []
        while true {
            fields.append(try readField())
            guard fields.count <= Self.fieldsPerRecordMax else {
                throw CSVFormatError(line: startLine, message: "more than \(Self.fieldsPerRecordMax) fields")
            }
            guard let byte = try peek() else { break }
            if byte == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try consumeLineEnd()
            break
        }
        return CSVRecord(fields: fields, line: startLine)
    }

    private func readField() throws(CSVFormatError) -> String {
        var bytes: [UInt8] = []
        if try peek() == UInt8(ascii: "\"") {
            let openedOn = line
            position += 1
            while true {
                guard let byte = try take() else {
                    throw CSVFormatError(line: openedOn, message: "unterminated quote: the quoted field opened on line \(openedOn) never closes")
                }
                if byte == UInt8(ascii: "\"") {
                    if try peek() == UInt8(ascii: "\"") {
                        position += 1
                        bytes.append(byte)
                        continue
                    }
                    if let after = try peek(), after != UInt8(ascii: ","), after != UInt8(ascii: "\n"), after != UInt8(ascii: "\r") {
                        throw CSVFormatError(line: line, message: "text after a closing quote; double a quote inside a quoted field (\"\")")
                    }
                    break
                }
                if byte == UInt8(ascii: "\n") { line += 1 }
                try append(byte, to: &bytes)
            }
        } else {
            // Fast path: take the run of ordinary bytes straight from the buffer.
            while true {
                if position == buffer.count {
                    guard try peek() != nil else { break }
                }
                var end = position
                while end < buffer.count {
                    let byte = buffer[end]
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\"") || byte == 0 {
                        break
                    }
                    end += 1
                }
                guard bytes.count + (end - position) <= Self.fieldBytesMax else {
                    throw CSVFormatError(line: line, message: "a field longer than \(Self.fieldBytesMax) bytes")
                }
                bytes.append(contentsOf: buffer[position..<end])
                position = end
                guard position < buffer.count else { continue }
                let byte = buffer[position]
                if byte == UInt8(ascii: "\"") {
                    throw CSVFormatError(line: line, message: "a quote inside an unquoted field; quote the whole field and double the quote")
                }
                if byte == 0 { throw CSVFormatError(line: line, message: "a NUL byte; the file is not text") }
                break
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CSVFormatError(line: line, message: "not valid UTF-8 text")
        }
        return text
    }

    private func append(_ byte: UInt8, to bytes: inout [UInt8]) throws(CSVFormatError) {
        guard byte != 0 else { throw CSVFormatError(line: line, message: "a NUL byte; the file is not text") }
        guard bytes.count < Self.fieldBytesMax else {
            throw CSVFormatError(line: line, message: "a field longer than \(Self.fieldBytesMax) bytes")
        }
        bytes.append(byte)
    }

    /// LF, CRLF, or a lone CR.
    private func consumeLineEnd() throws(CSVFormatError) {
        guard let byte = try take() else { return }
        if byte == UInt8(ascii: "\r"), try peek() == UInt8(ascii: "\n") { position += 1 }
        line += 1
    }

    private func take() throws(CSVFormatError) -> UInt8? {
        guard let byte = try peek() else { return nil }
        position += 1
        return byte
    }

    private func peek() throws(CSVFormatError) -> UInt8? {
        if position == buffer.count {
            guard !isAtEnd else { return nil }
            try refill()
            if position == buffer.count { return nil }
        }
        return buffer[position]
    }

    private func refill() throws(CSVFormatError) {
        let chunk: Data
        do {
            chunk = try handle.read(upToCount: 64 * 1024) ?? Data()
        } catch {
            throw CSVFormatError(line: line, message: "cannot read the file: \(error.localizedDescription)")
        }
        buffer = Array(chunk)
        bytesRead += Int64(buffer.count)
        position = 0
        if buffer.isEmpty { isAtEnd = true }
        if isFirstRead {
            isFirstRead = false
            if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }
    }
}

/// A CSV file whose first record names its columns: rows are read by column name,
/// unknown and missing columns refused up front.
public struct CSVTable {
    public let reader: CSVReader
    public let columns: [String: Int]
    public let fileName: String

    public init(reader: CSVReader, fileName: String, required: [String], optional: [String] = []) throws(ImportError) {
        let header: CSVRecord?
        do { header = try reader.next() } catch { throw ImportError(file: fileName, line: error.line, field: "", message: error.message) }
        guard let header else {
            throw ImportError(file: fileName, line: 1, field: "", message: "the file is empty: it needs a header row (\(required.joined(separator: ",")))")
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let name = name.trimmingCharacters(in: .whitespaces)
            guard required.contains(name) || optional.contains(name) else {
                throw ImportError(
                    file: fileName, line: header.line, field: name, message: "unknown column; the columns are \((required + optional).joined(separator: ","))")
            }
            guard columns[name] == nil else { throw ImportError(file: fileName, line: header.line, field: name, message: "column given twice") }
            columns[name] = index
        }
        if let missing = required.first(where: { columns[$0] == nil }) {
            throw ImportError(file: fileName, line: header.line, field: missing, message: "required column missing")
        }
        self.reader = reader
        self.columns = columns
        self.fileName = fileName
    }

    /// The next data row, or nil at the end; a row with another number of fields is refused.
    public func next() throws(ImportError) -> CSVRow? {
        let record: CSVRecord?
        do { record = try reader.next() } catch { throw ImportError(file: fileName, line: error.line, field: "", message: error.message) }
        guard let record else { return nil }
        guard record.fields.count == columns.count else {
            throw ImportError(file: fileName, line: record.line, field: "", message: "\(record.fields.count) fields where the header has \(columns.count)")
        }
        return CSVRow(record: record, columns: columns)
    }
}

public struct CSVRow {
    let record: CSVRecord
    let columns: [String: Int]

    public var line: Int { record.line }

    /// The field without surrounding spaces, or nil when the column is absent or the field empty.
    public subscript(_ column: String) -> String? {
        guard let index = columns[column] else { return nil }
        let field = record.fields[index]
        guard let first = field.utf8.first, let last = field.utf8.last else { return nil }
        // Most fields have no surrounding spaces: only then pay for trimming.
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return field }
        let value = field.trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }
}
