/// Every action a door offers, and the one role it needs: the table the command line,
/// the API and the workbench all ask. The ledger checks the finer rules inside an operation
/// (who approves a voucher, which kinds a role may reverse: `Role.toReverse`), and the
/// database enforces posting rights again (sql/012's kind_is_day_to_day, tested against
/// `Role.toReverse`).
public enum LedgerAction: String, Sendable, CaseIterable {
    /// Statements, lists, the audit: everything read.
    case read
    // Day-to-day work, a preparer's (approvers and admins too).
    case post, reverse, purchase, sale, payroll, payrollPayment, addHousehold, importJournal, prepareVoucher, approveVoucher, closeMonth, depreciate
    // Contracts, capital, subsidies, runs, the charter, the chart, people and tokens: an admin's.
    case manageMembers, lease, leaseFees, loanEquity, capital, subsidy, distribution, closeYear, opening, manageAccounts, charter, managePeople, makeTokens,
        manageAssets

    public var requiredRole: Role {
        switch self {
        case .read: .auditor
        case .post, .reverse, .purchase, .sale, .payroll, .payrollPayment, .addHousehold, .importJournal, .prepareVoucher, .approveVoucher, .closeMonth,
            .depreciate:
            .bookkeeper
        case .manageMembers, .lease, .leaseFees, .loanEquity, .capital, .subsidy, .distribution, .closeYear, .opening, .manageAccounts, .charter, .managePeople,
            .makeTokens, .manageAssets:
            .admin
        }
    }
}
