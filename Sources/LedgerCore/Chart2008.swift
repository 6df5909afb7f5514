/// The account codes of the 2008 system (农民专业合作社财务会计制度（试行）, 财会〔2007〕15号)
/// read as the 2022 system's, for books that come in from it. The table is in the README.
public enum Chart2008 {
    /// 2008 code → 2022 code, where they differ.
    public static let renamed: [String: AccountCode] = [
        "522": .administrativeExpenses // 管理费用: 522 in 2008, 523 in 2022 (522 is now 税金及附加)
    ]

    /// 2008 codes whose balance the 2022 chart splits by nature: the file gives them in 2022 codes.
    public static let split: [String: String] = [
        "141": "牲畜(禽)资产 is 141 消耗性生物资产 (animals raised for sale) or 142 生产性生物资产 (breeding stock) in 2022",
        "142": "林木资产 is 141 消耗性生物资产, 142 生产性生物资产 or 144 公益性生物资产 in 2022, by what the trees are for",
    ]

    /// The codes of the 2008 chart, all of which exist in 2022 with the same meaning unless
    /// renamed or split above.
    public static let codes: Set<String> = [
        "101", "102", "109", "113", "114", "121", "124", "125", "127", "128", "131", "141", "142", "151", "152", "153", "154", "161",
        "201", "211", "212", "221", "222", "231", "235", "301", "311", "321", "322", "331", "332", "33201", "33202",
        "401", "501", "502", "511", "521", "522", "529",
    ]

    /// A file in 2008 codes writes a balance it has split by the 2022 chart with this prefix.
    public static let explicit2022Prefix = "2022:"

    /// The 2022 code for a 2008 one (or for `2022:CODE`), or the rule that refuses it.
    public static func code2022(for text: String, field: String) throws(LedgerError) -> AccountCode {
        if text.hasPrefix(explicit2022Prefix) {
            return try AccountCode(parsing: String(text.dropFirst(explicit2022Prefix.count)), field: field)
        }
        guard codes.contains(text) else {
            throw LedgerError(.unknownAccount, field: field, value: text, rule: "not an account of the 2008 chart (see the README's mapping table)")
        }
        if let rule = split[text] {
            throw LedgerError(.invalidValue, field: field, value: text, rule: rule + "; write the line's 2022 code as \(explicit2022Prefix)CODE")
        }
        if let code = renamed[text] { return code }
        return try AccountCode(parsing: text, field: field)
    }
}
