/// Who may do what to a voucher draft, and when: the one rule the service enforces and every
/// door (the command line, the API, the workbench's buttons) asks. The database checks the
/// same steps again (sql/012, sql/020); `VoucherRuleTests` ties the two.
extension VoucherDraft {
    public enum Action: String, CaseIterable, Sendable {
        case edit, delete, approve, sendBack = "send_back", post

        /// The roles that may take the action at all.
        public var roles: Set<PersonRole> {
            switch self {
            case .edit, .delete, .post: PersonRole.preparing
            case .approve, .sendBack: PersonRole.approving
            }
        }

        var verb: String {
            switch self {
            case .edit: "edits"
            case .delete: "deletes"
            case .approve: "approves"
            case .sendBack: "sends back"
            case .post: "posts"
            }
        }
    }

    /// Why `person` may not take `action` on this draft as it stands, or nil. Roles are not
    /// looked at here (`Action.roles`): the state of the draft and who prepared it.
    public func refusal(of action: Action, by person: Login) -> String? {
        if posted != nil { return "it is posted; a posted voucher is corrected by a reversal" }
        switch action {
        case .edit, .delete:
            if let approvedBy { return "approved by \(approvedBy); it is sent back before it changes" }
            if preparedBy != person { return "only its preparer \(preparedBy) \(action.verb) it" }
        case .approve:
            if preparedBy == person { return "\(person) prepared it and may not approve it; another person approves" }
            if let approvedBy { return "approved already, by \(approvedBy)" }
        case .sendBack:
            return nil
        case .post:
            if approvedBy == nil { return "it is not approved yet; a voucher is posted after another person approves it" }
        }
        return nil
    }

    /// Refuses `action` by `person` with the rule's reason (`voucher_rule`).
    public func require(_ action: Action, by person: Login) throws(LedgerError) {
        if let why = refusal(of: action, by: person) {
            throw LedgerError(.voucherRule, field: "voucher", value: String(id), rule: why)
        }
    }

    /// What the person may do to the draft now, given their roles in its cooperative.
    public func allowedActions(for person: Login, holding roles: Set<PersonRole>) -> Set<Action> {
        Set(Action.allCases.filter { !roles.isDisjoint(with: $0.roles) && refusal(of: $0, by: person) == nil })
    }
}
