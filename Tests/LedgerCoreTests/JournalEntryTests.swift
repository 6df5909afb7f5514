import LedgerCore
import Testing

@Suite struct JournalEntryTests {
    let day = try! Day(parsing: "2026-03-01", field: "date")
    let chart = Chart([
        Account(code: AccountCode("102"), name: "银行存款", kind: .asset, memberRule: .none, isPostable: true),
        Account(code: AccountCode("114"), name: "成员往来", kind: .asset, memberRule: .required, isPostable: true),
        Account(code: AccountCode("231"), name: "长期借款", kind: .liability, memberRule: .optional, isPostable: true),
        Account(code: AccountCode("332"), name: "盈余分配", kind: .equity, memberRule: .none, isPostable: false),
    ])

    let member7 = try! Member(number: MemberNumber(7), name: "成员7")

    func entry(_ lines: [PostingLine]) throws(LedgerError) -> JournalEntry {
        try JournalEntry(key: "k1", date: day, memo: "test", lines: lines)
    }

    @Test func balancedEntryIsAccepted() throws {
        let entry = try entry([.debit(AccountCode("102"), Money(fen: 500)), .credit(AccountCode("114"), member: MemberNumber(7), Money(fen: 500))])
        try entry.validate(against: chart, members: [MemberNumber(7): member7])
        #expect(entry.memberNumbers == [MemberNumber(7)])
    }

    @Test func unbalancedEntryIsRefused() {
        do throws(LedgerError) {
            _ = try entry([.debit(AccountCode("102"), Money(fen: 500)), .credit(AccountCode("231"), Money(fen: 499))])
            Issue.record("unbalanced accepted")
        } catch {
            #expect(error.code == .unbalancedEntry)
            #expect(error.description.contains("debits 5.00, credits 4.99"))
        }
    }

    @Test func lineCountAndZeroAmountsAreBounded() {
        #expect(throws: LedgerError(.tooFewLines, field: "lines", value: "1", rule: "an entry has at least two lines")) {
            try entry([.debit(AccountCode("102"), Money(fen: 0))])
        }
        #expect(throws: LedgerError.self) {
            try entry([.debit(AccountCode("102"), Money(fen: 0)), .credit(AccountCode("231"), Money(fen: 0))])
        }
        let many = (0..<(Limits.linesPerEntryMax + 1)).map { index in
            index == 0 ? PostingLine.credit(AccountCode("231"), Money(fen: Int64(Limits.linesPerEntryMax))) : .debit(AccountCode("102"), Money(fen: 1))
        }
        do throws(LedgerError) { _ = try entry(many); Issue.record("too many lines accepted") } catch { #expect(error.code == .tooManyLines) }
    }

    @Test func linesAreCheckedAgainstChartAndMembers() throws {
        func refusal(_ lines: [PostingLine], members: Set<MemberNumber> = [MemberNumber(7)]) -> LedgerError.Code? {
            let known = Dictionary(uniqueKeysWithValues: members.map { ($0, try! Member(number: $0, name: "成员\($0)")) })
            do throws(LedgerError) { try entry(lines).validate(against: chart, members: known); return nil } catch { return error.code }
        }
        let cash = PostingLine.debit(AccountCode("102"), Money(fen: 100))
        #expect(refusal([cash, .credit(AccountCode("999"), Money(fen: 100))]) == .unknownAccount)
        #expect(refusal([cash, .credit(AccountCode("332"), Money(fen: 100))]) == .accountNotPostable)
        #expect(refusal([cash, .credit(AccountCode("114"), Money(fen: 100))]) == .memberRequired)
        #expect(refusal([cash, .credit(AccountCode("102"), member: MemberNumber(7), Money(fen: 100))]) == .memberNotAllowed)
        #expect(refusal([cash, .credit(AccountCode("114"), member: MemberNumber(8), Money(fen: 100))]) == .unknownMember)
        #expect(refusal([cash, .credit(AccountCode("231"), Money(fen: 100))]) == nil)
        #expect(refusal([cash, .credit(AccountCode("231"), member: MemberNumber(7), Money(fen: 100))]) == nil)
    }

    @Test func reversalNegatesEveryLineAndReferencesTheOriginal() throws {
        let original = try entry([.debit(AccountCode("102"), Money(fen: 500)), .credit(AccountCode("114"), member: MemberNumber(7), Money(fen: 500))])
        let reversal = try original.reversal(of: EntryID(41), key: "k2", date: day)
        #expect(reversal.reverses == EntryID(41))
        #expect(zip(original.lines, reversal.lines).allSatisfy { $0.amount.fen == -$1.amount.fen && $0.account == $1.account && $0.member == $1.member })
    }

    @Test func keysAndMemosAreBounded() {
        let lines = [PostingLine.debit(AccountCode("102"), Money(fen: 1)), .credit(AccountCode("231"), Money(fen: 1))]
        #expect(throws: LedgerError.self) { try JournalEntry(key: "", date: day, memo: "", lines: lines) }
        #expect(throws: LedgerError.self) { try JournalEntry(key: "has space", date: day, memo: "", lines: lines) }
        #expect(throws: LedgerError.self) { try JournalEntry(key: String(repeating: "k", count: 129), date: day, memo: "", lines: lines) }
        #expect(throws: LedgerError.self) { try JournalEntry(key: "k", date: day, memo: String(repeating: "玉", count: 501), lines: lines) }
    }

    @Test func charterRefusesPatronageShareBelowSixtyPercent() {
        do throws(LedgerError) {
            _ = try CharterSettings(reserveRate: BasisPoints(1_000), patronageShare: BasisPoints(5_900), capitalShare: BasisPoints(4_000))
            Issue.record("59% accepted")
        } catch {
            #expect(error.field == "patronage-share")
            #expect(error.code == .charterRule)
        }
        #expect(throws: LedgerError.self) {
            try CharterSettings(reserveRate: BasisPoints(1_000), patronageShare: BasisPoints(7_000), capitalShare: BasisPoints(4_000))
        }
    }
}
