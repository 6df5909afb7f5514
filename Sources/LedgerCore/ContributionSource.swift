/// Where a capital contribution came from (成员出资, law art. 43).
public enum ContributionSource: String, Sendable, CaseIterable {
    /// Household-level poverty-alleviation project assets (量化到户的财政扶贫资金形成的资产).
    case povertyAlleviationAssets = "poverty_alleviation_assets"
    case other
}
