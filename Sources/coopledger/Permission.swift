import LedgerCore

/// Who may run a command through direct database access: the operator alone (who holds
/// the database's password anyway), or a person holding at least a role in the cooperative
/// the command works on. The levels are the API's for the same operation.
enum Permission {
    case operatorOnly
    case role(Role)

    static let auditor = Permission.role(.auditor)
    static let bookkeeper = Permission.role(.bookkeeper)
    static let admin = Permission.role(.admin)
}
