import LedgerRendering
import Testing

@Suite struct TextTableTests {
    @Test func longTextWrapsAtSpacesWithinItsWidth() {
        let memo = "应付工资 wages of the 12 member employees (pig raising), quarter 1"
        let lines = TextTable.wrapped(memo, width: 40).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { TextTable.displayWidth($0) <= 40 })
        #expect(lines.joined(separator: " ") == memo)
        // A run of Chinese without spaces breaks between characters (two cells each).
        #expect(TextTable.wrapped(String(repeating: "盈", count: 25), width: 40).split(separator: "\n").map(\.count) == [20, 5])
        #expect(TextTable.wrapped("short", width: 40) == "short")
    }

    @Test func aWrappedCellMakesItsRowTallerAndFiguresStayRightAligned() {
        var table = TextTable([.init("memo"), .init("amount", .right)])
        table.append([TextTable.wrapped("one two three four", width: 9), "5.00"])
        #expect(table.rendered == "memo     amount\n-------  ------\none two    5.00\nthree\nfour")
    }
}
