import LedgerCore
@testable import LedgerRendering
import Testing

/// What a supervisor prints and a bookkeeper opens in Excel, checked without a database.
@Suite struct ChartAndCSVTests {
    @Test func barsAreScaledToTheLargestFigureInWholePixels() {
        let chart = BarChart(
            title: "收入 <poor>", series: ["premium", "wages"],
            groups: [
                BarChart.Group(label: "强湾乡", values: [(value: 2_000, text: "20.00"), (value: 1, text: "0.01")]),
                BarChart.Group(label: "水川镇", values: [(value: 1_000, text: "10.00"), (value: 0, text: "0.00")]),
            ])
        let svg = chart.svg
        let widths = svg.matches(of: /<rect x="220" y="\d+" width="(\d+)"/).map { Int($0.output.1)! }
        // The largest is the full 360 pixels, half of it 180, a non-zero fen one pixel, zero none.
        #expect(widths == [360, 1, 180, 0])
        #expect(svg.contains("<title>收入 &lt;poor&gt;</title>"))
        #expect(!svg.contains("<script"))
    }

    @Test func aChartOfNothingDrawsNoBarAndDoesNotDivideByZero() {
        let svg = BarChart(title: "t", series: ["a"], groups: [BarChart.Group(label: "x", values: [(value: 0, text: "0")])]).svg
        #expect(svg.contains("width=\"0\""))
    }

    @Test func aLongLabelIsShortenedAndKeptWholeInItsTitle() {
        let name = String(repeating: "合", count: 20)
        let svg = BarChart(title: "t", series: ["a"], groups: [BarChart.Group(label: name, values: [(value: 5, text: "5")])]).svg
        #expect(svg.contains("<title>\(name)</title>\(String(repeating: "合", count: 15))…</text>"))
    }

    @Test func csvQuotesWhatNeedsItAndDefusesFormulas() {
        var csv = CSVWriter(header: ["memo", "amount"])
        csv.append(["a,b \"c\"", "-12.34"])
        csv.append(["=1+2+cmd|' /C calc'!A0", "+3"])
        csv.append(["@SUM(A1)", "line\nbreak"])
        #expect(csv.text == "\u{FEFF}memo,amount\r\n\"a,b \"\"c\"\"\",-12.34\r\n'=1+2+cmd|' /C calc'!A0,+3\r\n'@SUM(A1),\"line\nbreak\"\r\n")
    }
}
