import LedgerCore

/// Who may run a command through direct database access: the operator alone (who holds
/// the database's password anyway), or a person holding the role the operation needs in the
/// cooperative the command works on (`LedgerAction`, the table the API and the workbench ask).
enum Permission {
    case operatorOnly
    case operation(LedgerAction)
    /// A district's report: the operator, or a supervisor of that district (the service checks).
    case district
}
