import Foundation
import LedgerCore

/// A horizontal bar chart drawn on the server as SVG: no script, prints as it shows. Each
/// group (a township, a cooperative) has one bar per series; bars are scaled to the largest
/// value, and each carries its figure as text, so the chart reads without the table.
public struct BarChart: Sendable {
    public struct Group: Sendable {
        public let label: String
        /// One figure per series: its value for scaling (fen, or a count) and its text.
        public let values: [(value: Int64, text: String)]

        public init(label: String, values: [(value: Int64, text: String)]) {
            self.label = label
            self.values = values
        }
    }

    public let title: String
    public let series: [String]
    public let groups: [Group]

    public init(title: String, series: [String], groups: [Group]) {
        self.title = title
        self.series = series
        self.groups = groups
    }

    static let colours = ["#2f6f9f", "#d98b2b", "#5a9b5a", "#8d5a9b"]
    static let labelWidth = 220, barWidth = 360, textWidth = 120, barHeight = 14, gap = 10

    public var svg: String {
        let perGroup = series.count * Self.barHeight + Self.gap
        let legendHeight = 24, top = 28 + legendHeight
        let height = top + groups.count * perGroup + 8
        let width = Self.labelWidth + Self.barWidth + Self.textWidth
        let largest = max(groups.flatMap { $0.values.map { max($0.value, 0) } }.max() ?? 0, 1)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        svg += "<title>\(escape(title))</title>"
        svg += "<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">\(escape(title))</text>"
        for (index, name) in series.enumerated() {
            let x = index * 180
            svg += "<rect x=\"\(x)\" y=\"28\" width=\"12\" height=\"12\" fill=\"\(Self.colours[index % Self.colours.count])\"/>"
            svg += "<text x=\"\(x + 16)\" y=\"39\" font-size=\"12\">\(escape(name))</text>"
        }
        for (row, group) in groups.enumerated() {
            let y = top + row * perGroup
            // A long name is shortened to fit its column; the table beside gives it whole.
            let label = group.label.count > 16 ? String(group.label.prefix(15)) + "…" : group.label
            svg +=
                "<text x=\"\(Self.labelWidth - 6)\" y=\"\(y + Self.barHeight - 3)\" font-size=\"12\" text-anchor=\"end\"><title>\(escape(group.label))</title>\(escape(label))</text>"
            for (index, figure) in group.values.enumerated() {
                let barY = y + index * Self.barHeight
                // Integer arithmetic: the width in whole pixels, never below one for a non-zero figure.
                let length = figure.value <= 0 ? 0 : max(Int((Int128(figure.value) * Int128(Self.barWidth)) / Int128(largest)), 1)
                svg +=
                    "<rect x=\"\(Self.labelWidth)\" y=\"\(barY)\" width=\"\(length)\" height=\"\(Self.barHeight - 2)\" fill=\"\(Self.colours[index % Self.colours.count])\"/>"
                svg += "<text x=\"\(Self.labelWidth + length + 4)\" y=\"\(barY + Self.barHeight - 3)\" font-size=\"11\">\(escape(figure.text))</text>"
            }
        }
        return svg + "</svg>"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension BarChart {
    /// A figure of a district statement's row: fen for amounts, the count for counts.
    static func figure(_ statement: Statement, row: Statement.Row, key: String) -> (value: Int64, text: String) {
        guard let column = statement.columnKeys.firstIndex(of: key), row.values.indices.contains(column) else { return (0, "") }
        let text = row.values[column]
        if let money = try? Money(parsing: text, field: key), text.contains(".") { return (money.fen, money.grouped) }
        return (Int64(text) ?? 0, text)
    }

    /// The district's charts from its indicators: households reached per township (poor
    /// households beside), and each cooperative's patronage refunds against its surplus.
    public static func districtCharts(_ indicators: Statement) -> [BarChart] {
        let l = indicators.language
        let cooperatives = indicators.rows.filter { !$0.isTotal }
        return [
            BarChart(
                title: l == .zh ? "各乡镇带动农户数" : "Households reached per township",
                series: [l == .zh ? "带动农户" : "Households", l == .zh ? "其中脱贫户和监测户" : "of which poor"],
                groups: perTownship(indicators, keys: ["households_reached", "poor_households_reached"])),
            BarChart(
                title: l == .zh ? "各合作社盈余返还与本年盈余（元）" : "Patronage refunds against the surplus (yuan)",
                series: [l == .zh ? "本年盈余" : "Surplus", l == .zh ? "盈余返还" : "Patronage refunds"],
                groups: cooperatives.map { row in
                    Group(
                        label: row.label.components(separatedBy: " (").first ?? row.label,
                        values: [figure(indicators, row: row, key: "surplus"), figure(indicators, row: row, key: "patronage_refunds")])
                }),
        ]
    }

    /// Income to households per township (the poor households' part beside).
    public static func householdCharts(_ households: Statement) -> [BarChart] {
        let l = households.language
        return [
            BarChart(
                title: l == .zh ? "各乡镇农户经合作社所得收入（元）" : "Income to households per township (yuan)",
                series: [l == .zh ? "农户收入合计" : "All households", l == .zh ? "其中脱贫户和监测户" : "of which poor"],
                groups: perTownship(households, keys: ["total", "poor_households_income"]))
        ]
    }

    /// A district statement's township subtotals, one group each, a bar per column of `keys`.
    static func perTownship(_ statement: Statement, keys: [String]) -> [Group] {
        statement.rows.filter { $0.key.hasPrefix("township:") }.map { row in
            Group(label: String(row.key.dropFirst("township:".count)), values: keys.map { figure(statement, row: row, key: $0) })
        }
    }

    /// Income to poor households by channel, for the whole district.
    public static func poorHouseholdCharts(_ poor: Statement) -> [BarChart] {
        let l = poor.language
        guard let total = poor.rows.first(where: { $0.key == "district" }) else { return [] }
        let channels = zip(poor.columnKeys, poor.columns.dropFirst()).filter { $0.0 != "total" && $0.0 != "cooperatives" }
        return [
            BarChart(
                title: l == .zh ? "脱贫户和监测户各渠道增收（元）" : "Income to poor households by channel (yuan)",
                series: [l == .zh ? "金额" : "Amount"],
                groups: channels.map { key, label in Group(label: label, values: [figure(poor, row: total, key: key)]) })
        ]
    }
}
