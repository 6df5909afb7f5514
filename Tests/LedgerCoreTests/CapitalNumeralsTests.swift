import LedgerCore
import Testing

@Suite struct CapitalNumeralsTests {
    @Test(arguments: [
        (Int64(0), "零元整"),
        (5, "伍分"),
        (50, "伍角"),
        (1000, "壹拾元整"),
        (105, "壹元零伍分"),
        (168032, "壹仟陆佰捌拾元叁角贰分"),
        (100_100, "壹仟零壹元整"),
        (10_001_050, "壹拾万零壹拾元伍角"),
        (100_000_000, "壹佰万元整"),
        (100_000_100, "壹佰万零壹元整"),
        (500_000_000, "伍佰万元整"),
        (100_000_000_001, "壹拾亿元零壹分"),
        (10_000_000_000_000, "壹仟亿元整"),
        (1_234_500_000_000_000, "壹拾贰万叁仟肆佰伍拾亿元整"),
        (123_450_000_000_000, "壹万贰仟叁佰肆拾伍亿元整"),
        (123_450_000_000_000_000, "壹仟贰佰叁拾肆万伍仟亿元整"),
        (10_500_000_000, "壹亿零伍佰万元整"),
        (-2_500_00, "负贰仟伍佰元整"),
    ])
    func amountsReadInCapitalNumerals(fen: Int64, expected: String) {
        #expect(CapitalNumerals.render(Money(fen: fen)) == expected)
    }

    @Test func extremeAmountsDoNotTrap() {
        #expect(CapitalNumerals.render(Money(fen: .max)) == "玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分")
        #expect(CapitalNumerals.render(Money(fen: .min)).hasSuffix("元零捌分") == true && CapitalNumerals.render(Money(fen: .min)).hasPrefix("负玖亿"))
    }
}
