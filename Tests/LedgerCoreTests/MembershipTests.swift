import LedgerCore
import Testing

/// Membership runs from the joining day through the day before the leaving day, and binds
/// dealings and equity lines, not payments or the run's patronage refund (law art. 28).
@Suite struct MembershipTests {
    func day(_ text: String) -> Day { try! Day(parsing: text, field: "date") }
    func account(_ code: String, standard: String? = nil) -> Account {
        Account(
            code: try! AccountCode(parsing: code, field: "account"), name: code, kind: .equity, memberRule: .optional, isPostable: true,
            standardCode: standard.map { try! AccountCode(parsing: $0, field: "account") })
    }

    @Test func aMemberIsAMemberFromJoiningUntilTheDayBeforeLeaving() throws {
        let member = try Member(number: MemberNumber(3), name: "成员3", joinedOn: day("2026-03-01"), leftOn: day("2026-06-30"))
        #expect(!Membership.includes(member, on: day("2026-02-28")))
        #expect(Membership.includes(member, on: day("2026-03-01")))
        #expect(Membership.includes(member, on: day("2026-06-29")))
        #expect(!Membership.includes(member, on: day("2026-06-30")))
        #expect(Membership.includes(try Member(number: MemberNumber(4), name: "成员4"), on: day("1990-01-01")))
    }

    @Test func dealingsAndEquityNeedMembershipPaymentsAndRefundsDoNot() {
        #expect(Membership.isRequired(kind: .purchase, account: account("114")))
        #expect(Membership.isRequired(kind: .capitalContribution, account: account("301")))
        #expect(Membership.isRequired(kind: .general, account: account("30101", standard: "301")))
        #expect(Membership.isRequired(kind: .surplusDistribution, account: account("322")))
        #expect(Membership.isRequired(kind: .surplusDistribution, account: account("222")))
        #expect(!Membership.isRequired(kind: .surplusDistribution, account: account("221")))
        #expect(!Membership.isRequired(kind: .purchasePayment, account: account("114")))
        #expect(!Membership.isRequired(kind: .general, account: account("114")))
        #expect(!Membership.isRequired(kind: .memberWithdrawal, account: account("301")))
        #expect(!Membership.isRequired(kind: .reversal, account: account("301")))
    }
}
