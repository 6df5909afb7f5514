/// Where a capital contribution came from (成员出资, law art. 43).
public enum ContributionSource: String, Sendable, CaseIterable {
    /// Household-level poverty-alleviation project assets (量化到户的财政扶贫资金形成的资产).
    case povertyAlleviationAssets = "poverty_alleviation_assets"
    case other

    /// The one spelling every door takes (command line, opening file, workbench, API):
    /// `poverty-alleviation` or `other`; anything else is refused, never taken for `other`.
    public init(parsing text: String, field: String) throws(LedgerError) {
        switch text {
        case "poverty-alleviation": self = .povertyAlleviationAssets
        case "other": self = .other
        default:
            throw LedgerError(
                .invalidValue, field: field, value: text,
                rule: "a member's capital comes from poverty-alleviation (household-level project assets) or other")
        }
    }

    /// The spelling `init(parsing:field:)` takes.
    public var inputName: String { self == .povertyAlleviationAssets ? "poverty-alleviation" : "other" }
}
