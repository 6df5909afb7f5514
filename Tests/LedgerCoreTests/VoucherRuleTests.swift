import Foundation
import LedgerCore
import Testing

/// The one rule of who may do what to a voucher (issue 25): the service enforces it and the
/// workbench shows exactly its buttons; the database's own lists are the same.
@Suite struct VoucherRuleTests {
    let wang = try! Login(parsing: "wang"), li = try! Login(parsing: "li")

    func draft(approvedBy: Login? = nil, returned: Bool = false, posted: Bool = false) throws -> VoucherDraft {
        let content = try VoucherContent(
            date: Day(parsing: "2026-03-01", field: "date"), memo: "饲料",
            lines: [
                PostingLine(account: "121", amount: try Money(parsing: "15.00", field: "debit")),
                PostingLine(account: "102", amount: try Money(parsing: "-15.00", field: "credit")),
            ], attachments: 0)
        return VoucherDraft(
            id: 1, content: content, preparedBy: wang, approvedBy: approvedBy, returnedReason: returned ? "附件不全" : nil,
            posted: posted ? (EntryID(9), nil) : nil)
    }

    @Test func eachStepIsOpenToExactlyTheRightPerson() throws {
        let preparer: Set<PersonRole> = [.preparer], approver: Set<PersonRole> = [.approver], auditor: Set<PersonRole> = [.auditor]
        #expect(try draft().allowedActions(for: wang, holding: preparer) == [.edit, .delete])
        #expect(try draft().allowedActions(for: li, holding: approver) == [.approve, .sendBack])
        #expect(try draft().allowedActions(for: li, holding: auditor).isEmpty)
        // A returned draft: its preparer edits it; an approver may still approve it as it is.
        #expect(try draft(returned: true).allowedActions(for: wang, holding: preparer) == [.edit, .delete])
        #expect(try draft(approvedBy: li).allowedActions(for: wang, holding: preparer) == [.post])
        #expect(try draft(approvedBy: li).allowedActions(for: li, holding: approver) == [.sendBack, .post])
        #expect(try draft(approvedBy: li, posted: true).allowedActions(for: li, holding: [.admin]).isEmpty)
        // The preparer never approves their own, whatever roles they hold.
        #expect(try !draft().allowedActions(for: wang, holding: [.admin]).contains(.approve))
        #expect(try draft().refusal(of: .approve, by: wang) == "wang prepared it and may not approve it; another person approves")
    }

    /// sql/current/functions/guard_voucher.sql checks the roles itself: its lists are ours.
    @Test func theDatabaseChecksTheSameRoles() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let guardVoucher = try String(contentsOf: repository.appendingPathComponent("sql/current/functions/guard_voucher.sql"), encoding: .utf8)
        func roles(before phrase: String) -> Set<PersonRole>? {
            guard let end = guardVoucher.range(of: phrase),
                let start = guardVoucher.range(of: "ARRAY[", options: .backwards, range: guardVoucher.startIndex..<end.lowerBound),
                let close = guardVoucher.range(of: "]", range: start.upperBound..<end.lowerBound)
            else { return nil }
            return Set(
                guardVoucher[start.upperBound..<close.lowerBound].split(separator: ",").compactMap {
                    PersonRole(rawValue: $0.trimmingCharacters(in: CharacterSet(charactersIn: " '")))
                })
        }
        #expect(roles(before: "may not prepare vouchers") == VoucherDraft.Action.edit.roles)
        #expect(roles(before: "may not approve vouchers") == VoucherDraft.Action.approve.roles)
        #expect(roles(before: "may not send back vouchers") == VoucherDraft.Action.sendBack.roles)
    }
}
