import LedgerCore
import Testing

/// The poor households' table on screen a page at a time: whole households (with their
/// cooperatives' rows) per page, the district's total and average on every page.
@Suite struct PoorHouseholdsPageTests {
    let table = Statement(
        name: "district-poor-households", formCode: nil, title: "t", coopName: "d", period: "2026", language: .zh,
        columns: ["农户", "合计"], columnKeys: ["total"],
        rows: [
            .init(key: "household:1", label: "甲", values: ["1.00"], isTotal: true),
            .init(key: "household:1:c1", label: "c1", values: ["1.00"], indent: 1),
            .init(key: "household:2", label: "乙", values: ["5.00"], isTotal: true),
            .init(key: "household:2:c1", label: "c1", values: ["2.00"], indent: 1),
            .init(key: "household:2:c2", label: "c2", values: ["3.00"], indent: 1),
            .init(key: "household:3", label: "丙", values: ["4.00"], isTotal: true),
            .init(key: "household:3:c2", label: "c2", values: ["4.00"], indent: 1),
            .init(key: "district", label: "合计（3 户）", values: ["10.00"], isTotal: true),
            .init(key: "average", label: "户均增收", values: ["3.33"], isTotal: true),
        ])

    @Test func aPageHoldsWholeHouseholdsAndTheTotals() {
        let first = DistrictStatements.page(table, number: 1, householdsPerPage: 2)
        #expect(first.rows.map(\.key) == ["household:1", "household:1:c1", "household:2", "household:2:c1", "household:2:c2", "district", "average"])
        #expect(first.page == Statement.Page(number: 1, count: 2))
        let second = DistrictStatements.page(table, number: 2, householdsPerPage: 2)
        #expect(second.rows.map(\.key) == ["household:3", "household:3:c2", "district", "average"])
        #expect(second.amount("district", column: "total") == Money(fen: 1_000), "the total is the district's, not the page's")
        #expect(DistrictStatements.page(table, number: 9, householdsPerPage: 2) == second, "past the last page: the last")
        let whole = DistrictStatements.page(table, number: 1, householdsPerPage: 200)
        #expect(whole.rows == table.rows && whole.page == nil)
    }
}
