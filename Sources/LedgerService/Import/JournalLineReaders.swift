import Foundation
import LedgerCore

/// Reads an import file's lines one at a time, in either format of the contract.
public protocol JournalLineReader: AnyObject {
    /// The next staged lines (a CSV row gives one, a JSON line several), nil at the end.
    func next() throws(ImportError) -> [JournalLine]?
    var bytesRead: Int64 { get }
    /// The physical line last read.
    var lineNumber: Int { get }
}

enum JournalFields {
    /// A line's amount from its debit and credit texts: exactly one, positive.
    static func amount(debit: String?, credit: String?, file: String, line: Int) throws(ImportError) -> Money {
        func parse(_ text: String, _ field: String) throws(ImportError) -> Money {
            do throws(LedgerError) {
                return try Money.lineAmount(parsing: text, field: field)
            } catch {
                throw ImportError(file: file, line: line, error)
            }
        }
        switch (debit, credit) {
        case let (debit?, nil): return try parse(debit, "debit")
        case let (nil, credit?): return Money(fen: -(try parse(credit, "credit")).fen)
        case (nil, nil): throw ImportError(file: file, line: line, field: "debit", message: "a line has a debit or a credit amount")
        case (_?, _?): throw ImportError(file: file, line: line, field: "credit", message: "a line has a debit or a credit amount, not both")
        }
    }

    static func line(file: String, line: Int, key: String?, date: String?, memo: String?, account: String?, member: String?, amount: Money) throws(ImportError)
        -> JournalLine
    {
        do throws(LedgerError) {
            let key = key ?? ""
            try JournalEntry.checkKey(key)
            let memo = memo ?? ""
            try JournalEntry.checkMemo(memo)
            return JournalLine(
                line: line, key: key, date: try Day(parsing: date ?? "", field: "date"), memo: memo,
                account: try AccountCode(parsing: account ?? "", field: "account"),
                member: try member.map { text throws(LedgerError) in try MemberNumber(parsing: text, field: "member") },
                amount: amount
            )
        } catch {
            throw ImportError(file: file, line: line, error)
        }
    }
}

/// `key,date,memo,account,member,debit,credit`, one posting per row.
public final class CSVJournalReader: JournalLineReader {
    let table: CSVTable
    let fileName: String
    public private(set) var lineNumber = 1

    public init(reader: CSVReader, fileName: String) throws(ImportError) {
        self.table = try CSVTable(reader: reader, fileName: fileName, required: ["key", "date", "account", "debit", "credit"], optional: ["memo", "member"])
        self.fileName = fileName
    }

    public var bytesRead: Int64 { table.reader.bytesRead }

    public func next() throws(ImportError) -> [JournalLine]? {
        guard let row = try table.next() else { return nil }
        lineNumber = row.line
        let amount = try JournalFields.amount(debit: row["debit"], credit: row["credit"], file: fileName, line: row.line)
        return [
            try JournalFields.line(
                file: fileName, line: row.line, key: row["key"], date: row["date"], memo: row["memo"], account: row["account"], member: row["member"],
                amount: amount)
        ]
    }
}

/// `{"key":…,"date":…,"memo":…,"lines":[{"account":"121","member":null,"debit":"10.00"},…]}` per line.
/// Money is a string; a JSON number for money, or any unknown field, is refused.
public final class JSONLinesJournalReader: JournalLineReader {
    let handle: FileHandle
    let fileName: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var isAtEnd = false
    public private(set) var lineNumber = 0
    public private(set) var bytesRead: Int64 = 0

    /// A JSON line longer than this is refused rather than buffered.
    public static let lineBytesMax = 1 << 20

    public init(handle: FileHandle, fileName: String) {
        self.handle = handle
        self.fileName = fileName
    }

    public func next() throws(ImportError) -> [JournalLine]? {
        while let bytes = try readLine() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return try parse(bytes)
        }
        return nil
    }

    private func fail(_ field: String, _ message: String) -> ImportError {
        ImportError(file: fileName, line: lineNumber, field: field, message: message)
    }

    private func parse(_ bytes: ArraySlice<UInt8>) throws(ImportError) -> [JournalLine] {
        var bytes = bytes
        if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return try EntryJSON.lines(from: bytes, file: fileName, line: lineNumber)
    }

    private func readLine() throws(ImportError) -> ArraySlice<UInt8>? {
        var line: [UInt8] = []
        while true {
            if position == buffer.count {
                if isAtEnd { break }
                let chunk: Data
                do { chunk = try handle.read(upToCount: 64 * 1024) ?? Data() } catch { throw fail("", "cannot read the file") }
                buffer = Array(chunk)
                bytesRead += Int64(buffer.count)
                position = 0
                if buffer.isEmpty { isAtEnd = true; break }
            }
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                line += buffer[position..<newline]
                position = newline + 1
                lineNumber += 1
                return line[...]
            }
            line += buffer[position...]
            position = buffer.count
            guard line.count <= Self.lineBytesMax else { throw fail("", "a line longer than \(Self.lineBytesMax) bytes") }
        }
        guard !line.isEmpty else { return nil }
        lineNumber += 1
        return line[...]
    }
}
