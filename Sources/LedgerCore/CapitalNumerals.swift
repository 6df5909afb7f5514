/// An amount in Chinese capital numerals (大写金额), as a voucher's 合计 and a cheque
/// write it, so that no stroke can turn one figure into another: 10.00 → 壹拾元整,
/// 100,010.50 → 壹拾万零壹拾元伍角, 1.05 → 壹元零伍分.
///
/// The rules of the People's Bank's 《支付结算办法》 (附一, 正确填写票据和结算凭证的基本规定),
/// taking one choice where they allow two:
/// - 整 after 元 when there are no 角 or 分; none after 分; none after 角 (allowed either way).
/// - A run of zeros between non-zero digits is read as one 零 (1,001 → 壹仟零壹元; 10 万
///   and 10 → 壹拾万零壹拾). A zero 元 place before non-zero 角 gives no 零 (allowed either way).
/// - A zero 角 before non-zero 分 is read (壹元零伍分), as the rules require.
/// - 10 to 19 are written with 壹 (壹拾元整); 0.00 is 零元整; negatives start with 负.
public enum CapitalNumerals {
    static let digits: [Character] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]
    static let placesInGroup = ["", "拾", "佰", "仟"]

    public static func render(_ money: Money) -> String {
        // The magnitude is a UInt64, so even Int64.min has one.
        let magnitude = money.fen.magnitude
        let yuan = magnitude / 100
        let jiao = Int(magnitude / 10 % 10)
        let fen = Int(magnitude % 10)
        var text = money.isNegative ? "负" : ""
        if yuan > 0 {
            text += integerText(yuan) + "元"
        } else if jiao == 0 && fen == 0 {
            return text + "零元整"
        }
        if jiao == 0 && fen == 0 { return text + "整" }
        if jiao > 0 {
            text += String(digits[jiao]) + "角"
        } else if yuan > 0 {
            text += "零" // 壹元零伍分: the missing 角 is read
        }
        if fen > 0 { text += String(digits[fen]) + "分" }
        return text
    }

    /// A whole number of yuan (> 0): 亿 above 万, each counting up to 9999,9999 of the next
    /// unit below, so 1,2345,0000,0000 is 壹万贰仟叁佰肆拾伍亿.
    static func integerText(_ value: UInt64) -> String {
        if value >= 100_000_000 {
            let (high, low) = value.quotientAndRemainder(dividingBy: 100_000_000)
            return integerText(high) + "亿" + (low == 0 ? "" : (low < 10_000_000 ? "零" : "") + integerText(low))
        }
        if value >= 10_000 {
            let (high, low) = value.quotientAndRemainder(dividingBy: 10_000)
            return groupText(Int(high)) + "万" + (low == 0 ? "" : (low < 1000 ? "零" : "") + groupText(Int(low)))
        }
        return groupText(Int(value))
    }

    /// 1–9999, with inner zeros read once: 1001 → 壹仟零壹, 1010 → 壹仟零壹拾, 10 → 壹拾.
    static func groupText(_ group: Int) -> String {
        var text = ""
        var zeroPending = false
        for place in stride(from: 3, through: 0, by: -1) {
            var power = 1
            for _ in 0..<place { power *= 10 }
            let digit = group / power % 10
            if digit == 0 {
                zeroPending = !text.isEmpty
                continue
            }
            if zeroPending { text += "零" }
            text += String(digits[digit]) + placesInGroup[place]
            zeroPending = false
        }
        return text
    }
}
