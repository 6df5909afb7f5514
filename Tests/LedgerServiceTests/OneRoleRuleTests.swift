import LedgerCore
import LedgerService
import Postgres
import Testing
import TestSupport

/// Issue 25: which role may post and reverse which kinds is written once in Swift
/// (`Role.toReverse`) and once in the database (sql/012 and 026's `kind_is_day_to_day`);
/// the two lists must agree, kind by kind.
@Suite struct OneRoleRuleTests {
    @Test func theDatabaseAndSwiftAgreeOnWhichKindsAreDayToDay() async throws {
        try await TestDatabase.withFresh { database in
            let connection = try database.connect()
            // A reversal entry is posted by whoever may reverse its original (the ledger asks
            // Role.toReverse of the original's kind), so the database lets a preparer post one;
            // a reversal itself is never reversed.
            for kind in EntryKind.allCases where kind != .reversal {
                let dayToDay = try connection.query("SELECT kind_is_day_to_day(\(kind.rawValue))").singleRow().decode(Bool.self, at: 0)
                #expect(dayToDay == (Role.toReverse(kind) == .bookkeeper), "\(kind.rawValue)")
            }
            #expect(try connection.query("SELECT kind_is_day_to_day('reversal')").singleRow().decode(Bool.self, at: 0))
        }
    }

    /// Every action the doors offer needs a role, and the day-to-day ones a preparer holds.
    @Test func everyActionNeedsOneRole() {
        #expect(LedgerAction.read.requiredRole == .auditor)
        for action in [LedgerAction.post, .purchase, .sale, .payroll, .payrollPayment, .prepareVoucher, .approveVoucher, .closeMonth, .importJournal] {
            #expect(PersonRole.preparer.access >= action.requiredRole || action == .approveVoucher, "\(action.rawValue)")
        }
        for action in [LedgerAction.manageMembers, .capital, .subsidy, .distribution, .closeYear, .charter, .managePeople, .makeTokens] {
            #expect(action.requiredRole == .admin, "\(action.rawValue)")
        }
    }
}
