import Foundation
import HummingbirdBcrypt
import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// The district's view (issue 30): a district of two townships and three cooperatives; its
/// supervisor reads every cooperative and the district's reports, whose figures are the sums
/// of the cooperatives' own, and writes nothing (the database refuses it too); another
/// district's supervisor sees none of it.
@Suite struct DistrictTests {
    static let password = "supervisor-password"

    /// c2 and c3 beside the fixture's cooperative; each with a little business in 2026.
    func buildDistrict(_ fixture: LedgerFixture) async throws -> [CoopCode] {
        let ledger = fixture.ledger
        let coops = [fixture.coop, try CoopCode(parsing: "c2"), try CoopCode(parsing: "c3")]
        for coop in coops.dropFirst() {
            _ = try await ledger.createCooperative(try Cooperative(code: coop, name: "社\(coop)", settings: .standard))
            _ = try await ledger.addMember(try Member(number: MemberNumber(1), name: "成员1"), to: coop)
        }
        _ = try await ledger.createDistrict(try District(code: DistrictCode(parsing: "baiyin"), name: "白银区"))
        _ = try await ledger.createDistrict(try District(code: DistrictCode(parsing: "pingchuan"), name: "平川区"))
        for (coop, township) in zip(coops, ["强湾乡", "强湾乡", "水川镇"]) {
            try await ledger.place(coop, try Placement(district: DistrictCode(parsing: "baiyin"), township: township))
            for (index, fen) in [Int64(150_000), 275_050].enumerated() {
                _ = try await ledger.post(
                    try JournalEntry(
                        key: "sale-\(index)", date: LedgerFixture.day("2026-0\(index + 3)-01"), memo: "销售",
                        lines: [
                            .debit(AccountCode("102"), Money(fen: fen)), .credit(AccountCode("501"), Money(fen: fen)),
                        ]), to: coop)
            }
            _ = try await ledger.contribute(
                member: MemberNumber(1), amount: Money(fen: 1_000_000), source: .other, date: LedgerFixture.day("2026-01-10"),
                key: ClientKey("cap"), in: coop)
        }
        _ = try await ledger.addSupervisor(
            try Person(login: Login(parsing: "zhao"), name: "赵站长"), password: try Password(Self.password),
            of: try DistrictCode(parsing: "baiyin"))
        _ = try await ledger.addSupervisor(
            try Person(login: Login(parsing: "qian"), name: "钱站长"), password: try Password(Self.password),
            of: try DistrictCode(parsing: "pingchuan"))
        return coops
    }

    @Test func theDistrictsFiguresAreTheSumsOfItsCooperatives() async throws {
        try await LedgerFixture.with { fixture in
            let coops = try await buildDistrict(fixture)
            let today = try Day(parsing: "2026-12-31", field: "today")
            let supervisor = fixture.ledger.acting(as: try Login(parsing: "zhao"))
            let district = try await supervisor.districtReport(
                .indicators, of: try DistrictCode(parsing: "baiyin"), year: 2026, township: nil, language: .zh)
            var request = ReportRequest(name: .indicators)
            request.year = 2026
            for key in ["members", "operating_revenue", "total_assets", "total_equity"] {
                var sum: Int64 = 0
                for coop in coops {
                    // The supervisor reads each cooperative's own sheet.
                    let own = try await supervisor.report(request, of: coop, today: today)
                    let text = try #require(own.rows.first { $0.key == key }?.values.first)
                    sum += text.contains(".") ? try Money(parsing: text, field: key).fen : Int64(text)! * 100
                    #expect(district.rows.first { $0.key == coop.rawValue }?.values[district.columnKeys.firstIndex(of: key)!] == text)
                }
                let total = try #require(district.rows.first { $0.key == "district" }?.values[district.columnKeys.firstIndex(of: key)!])
                #expect((total.contains(".") ? try Money(parsing: total, field: key).fen : Int64(total)! * 100) == sum, "\(key)")
            }
            #expect(district.amount("district", column: "operating_revenue") == Money(fen: 3 * 425_050))
            #expect(district.amount("township:强湾乡", column: "operating_revenue") == Money(fen: 2 * 425_050))
            let township = try await supervisor.districtReport(
                .indicators, of: try DistrictCode(parsing: "baiyin"), year: 2026, township: "水川镇", language: .zh)
            #expect(township.rows.map(\.key) == ["c3", "township:水川镇", "district"])
            let status = try await supervisor.districtReport(
                .status, of: try DistrictCode(parsing: "baiyin"), year: 2026, township: nil, language: .zh)
            #expect(status.rows.first { $0.key == "c2" }?.values.last == "2026-04-01")
        }
    }

    @Test func aSupervisorReadsAndWritesNothingAndAnotherDistrictIsNotThere() async throws {
        try await LedgerFixture.with { fixture in
            let coops = try await buildDistrict(fixture)
            let zhao = fixture.ledger.acting(as: try Login(parsing: "zhao")), qian = fixture.ledger.acting(as: try Login(parsing: "qian"))
            #expect(try await zhao.workplaces(of: try Login(parsing: "zhao")).map(\.coop.code).sorted() == coops.sorted())
            #expect(try await zhao.workplace(of: try Login(parsing: "zhao"), in: coops[0])?.identity.role == .auditor)
            // Another district's supervisor: neither the report nor the cooperatives are there.
            await #expect(throws: LedgerError.self) {
                _ = try await qian.districtReport(.indicators, of: try DistrictCode(parsing: "baiyin"), year: 2026, township: nil, language: .zh)
            }
            #expect(try await qian.workplace(of: try Login(parsing: "qian"), in: coops[0]) == nil)
            // Writes: refused by the database, through the service or by raw SQL as the supervisor.
            await #expect(throws: (any Error).self) {
                _ = try await zhao.addMember(try Member(number: MemberNumber(9), name: "外人"), to: coops[0])
            }
            await #expect(throws: LedgerError.self) {
                _ = try await zhao.createDistrict(try District(code: DistrictCode(parsing: "x"), name: "x"))
            }
            let raw = try fixture.database.connect(actingAs: "zhao")
            #expect(throws: PostgresError.self) {
                try raw.execute(
                    unsafeSQL: """
                        BEGIN;
                        INSERT INTO journal_entries (coop_id, entry_id, entry_date, idempotency_key) VALUES ('c2', 9000, '2026-05-01', 'raw');
                        INSERT INTO postings (coop_id, entry_id, line_no, account_code, amount, entry_date, kind) VALUES
                            ('c2', 9000, 1, '102', 100, '2026-05-01', 'general'), ('c2', 9000, 2, '501', -100, '2026-05-01', 'general');
                        COMMIT;
                        """)
            }
            try? raw.execute(unsafeSQL: "ROLLBACK")
            #expect(throws: PostgresError.self) {
                try raw.execute(unsafeSQL: "UPDATE members SET name = '改名' WHERE coop_id = 'c2' AND member_no = 1")
            }
            #expect(throws: PostgresError.self) {
                try raw.execute(
                    unsafeSQL:
                        "INSERT INTO cooperative_districts (coop_id, district_code, township) VALUES ('c3', 'pingchuan', '别处') ON CONFLICT (coop_id) DO UPDATE SET district_code = 'pingchuan'"
                )
            }
            // An admin of a cooperative cannot take the supervisor's login over.
            await #expect(throws: LedgerError.self) {
                _ = try await fixture.ledger.addPerson(
                    try Person(login: Login(parsing: "zhao"), name: "赵站长"), password: try Password("another-password"), role: .admin, in: coops[1])
            }
        }
    }

    /// Households and poor households: each cooperative's own benefit statement added up; one
    /// poor household (one ID number) dealing with two cooperatives is one household of the
    /// district, with its income from each; 户均增收 is their income over their number.
    @Test func householdsAndPoorHouseholdsAreTheCooperativesOwnAddedUp() async throws {
        try await LedgerFixture.with { fixture in
            let coops = try await buildDistrict(fixture)
            let ledger = fixture.ledger
            let today = try Day(parsing: "2026-12-31", field: "today")
            func corn(_ seller: Payee, kg: Int64) throws -> Purchase {
                try Purchase(
                    seller: seller, product: "corn", quantity: Weight(grams: kg * 1_000), marketPrice: UnitPrice(tenThousandthsOfYuanPerKilogram: 20_000),
                    priceDate: LedgerFixture.day("2026-09-01"), priceSource: "market", premium: BasisPoints(500))
            }
            // 李四 (one ID number) sells to c2 and c3; 王五 (no ID number) to c2 only.
            for (coop, kg) in [(coops[1], Int64(500)), (coops[2], 333)] {
                let (li, _) = try await ledger.addHousehold(
                    try HouseholdDetails(name: "李四", idNumber: "620402198001010012", village: "白银村", poverty: .monitored), in: coop)
                _ = try await ledger.purchase(
                    try corn(.household(li), kg: kg), date: LedgerFixture.day("2026-09-02"), key: ClientKey("corn-li"), paidAtOnce: true, in: coop)
            }
            let (wang, _) = try await ledger.addHousehold(try HouseholdDetails(name: "王五", village: "水川村", poverty: .lifted), in: coops[1])
            _ = try await ledger.purchase(
                try corn(.household(wang), kg: 101), date: LedgerFixture.day("2026-09-03"), key: ClientKey("corn-wang"), paidAtOnce: false, in: coops[1])

            let supervisor = ledger.acting(as: try Login(parsing: "zhao"))
            let baiyin = try DistrictCode(parsing: "baiyin")
            let households = try await supervisor.districtReport(.households, of: baiyin, year: 2026, township: nil, language: .zh)
            var request = ReportRequest(name: .benefits)
            request.year = 2026
            var reached = 0, poorIncome: Int64 = 0, premium: Int64 = 0
            for coop in coops {
                let own = try await supervisor.benefits(request, today: today, in: coop)
                reached += own.householdsReached
                premium += try own.totals().purchasePremium.fen
                poorIncome += try own.filtered { $0.poverty.isPoor }.totals().total().fen
            }
            #expect(households.rows.first { $0.key == "district" }?.values[households.columnKeys.firstIndex(of: "households_reached")!] == String(reached))
            #expect(households.amount("district", column: "purchase_premium") == Money(fen: premium))
            #expect(households.amount("district", column: "poor_households_income") == Money(fen: poorIncome))
            #expect(premium == (500 + 333 + 101) * 100 * 2 * 5 / 100, "5% over 2.00 a kilogram")

            let poor = try await supervisor.districtReport(.poorHouseholds, of: baiyin, year: 2026, township: nil, language: .zh)
            // A household's own row is `household:N`, at the left; its cooperatives' rows are indented below it.
            var householdRows: [Statement.Row] = []
            for row in poor.rows where row.indent == 0 && row.key.hasPrefix("household:") { householdRows.append(row) }
            #expect(householdRows.map(\.label.first) == ["李", "王"], "李四 once, across c2 and c3; 王五 once: \(poor.rows.map(\.key))")
            #expect(householdRows.first?.values.last == "2", "李四 deals with two cooperatives")
            #expect(householdRows.allSatisfy { !$0.label.contains("620402198001010012") }, "the ID number is masked")
            #expect(poor.amount("district", column: "total") == Money(fen: poorIncome))
            #expect(poor.amount("average", column: "total") == Money(fen: (poorIncome + 1) / 2), "户均: half up to the fen")
        }
    }
}
