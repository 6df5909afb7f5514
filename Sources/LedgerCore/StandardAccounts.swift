/// The codes of the 2022 chart that the ledger books by itself, named once.
extension AccountCode {
    public static let cashOnHand = AccountCode("101")
    public static let bankDeposits = AccountCode("102")
    /// 应收款: owed by others than members, non-member households among them.
    public static let receivables = AccountCode("113")
    /// 成员往来: kept per member.
    public static let memberCurrentAccounts = AccountCode("114")
    /// 产品物资: feed and produce in stock.
    public static let productsAndMaterials = AccountCode("121")
    /// 消耗性生物资产: fattening pigs.
    public static let consumableBiologicalAssets = AccountCode("141")
    /// 应付款: owed to others than members, non-member households among them.
    public static let payables = AccountCode("211")
    /// 应付利息: loan-equity payouts owed per household.
    public static let interestPayable = AccountCode("215")
    public static let patronageRefundsPayable = AccountCode("221")
    public static let residualSurplusPayable = AccountCode("222")
    /// 应付工资.
    public static let wagesPayable = AccountCode("212")
    /// 应付劳务费: pay for labour services, kept per person like wages.
    public static let laborServicesPayable = AccountCode("213")
    public static let longTermBorrowings = AccountCode("231")
    /// 股金: kept per member.
    public static let shareCapital = AccountCode("301")
    /// 专项基金: subsidies and donations; a member's line is their quantified share.
    public static let specialFunds = AccountCode("311")
    /// 资本公积.
    public static let capitalReserve = AccountCode("321")
    /// 盈余公积: a member's line is their quantified reserve share (公积金份额).
    public static let surplusReserve = AccountCode("322")
    public static let currentYearSurplus = AccountCode("331")
    /// 332 各项分配 and 332 未分配盈余.
    public static let distributions = AccountCode("33201")
    public static let undistributedSurplus = AccountCode("33202")
    /// 生产成本.
    public static let productionCosts = AccountCode("401")
    public static let operatingRevenue = AccountCode("501")
    /// 经营支出: where the cost of products sold lands.
    public static let operatingExpenses = AccountCode("521")
    /// 管理费用 (522 in the 2008 system).
    public static let administrativeExpenses = AccountCode("523")
    public static let financialExpenses = AccountCode("524")
}
