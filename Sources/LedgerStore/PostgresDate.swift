/// PostgreSQL's dates as it writes them in ISO style (and in JSON): `2026-01-05`; years
/// before 1 as `0044-03-15 BC`; the infinities by name. The calendar arithmetic is
/// PostgreSQL's own (`j2date` in its datetime.c), so every date it can hold reads the same.
enum PostgresDate {
    /// Appends a date sent in binary (days since 2000-01-01) to `text`.
    static func appendISO(daysSince2000 days: Int64, to text: inout ByteWriter) {
        if days == Int64(Int32.max) { return text.append("infinity") }
        if days == Int64(Int32.min) { return text.append("-infinity") }
        let (year, month, day) = civil(julianDay: days &+ 2_451_545)
        if (1000...9999).contains(year) { // every date a ledger holds: four digits, no loop
            text.append(UInt8(48 + year / 1000))
            text.append(UInt8(48 + year / 100 % 10))
            text.append(UInt8(48 + year / 10 % 10))
            text.append(UInt8(48 + year % 10))
            text.append(45)
            text.append(UInt8(48 + month / 10))
            text.append(UInt8(48 + month % 10))
            text.append(45)
            text.append(UInt8(48 + day / 10))
            text.append(UInt8(48 + day % 10))
            return
        }
        appendDigits(year > 0 ? year : 1 - year, width: 4, to: &text)
        text.append(45)
        appendDigits(month, width: 2, to: &text)
        text.append(45)
        appendDigits(day, width: 2, to: &text)
        if year <= 0 { text.append(" BC") }
    }

    /// `j2date`, with its unsigned 32-bit arithmetic.
    static func civil(julianDay: Int64) -> (year: Int64, month: Int64, day: Int64) {
        var julian = UInt32(truncatingIfNeeded: julianDay)
        julian &+= 32044
        var quad = julian / 146_097
        let extra = (julian &- quad &* 146_097) &* 4 &+ 3
        julian &+= 60 &+ quad &* 3 &+ extra / 146_097
        quad = julian / 1461
        julian &-= quad &* 1461
        var year = julian &* 4 / 1461
        julian = (year != 0 ? (julian &+ 305) % 365 : (julian &+ 306) % 366) &+ 123
        year &+= quad &* 4
        quad = julian &* 2141 / 65536
        let day = Int64(julian) - Int64(7834 &* quad / 256)
        let month = Int64((quad &+ 10) % 12 + 1)
        return (Int64(year) - 4800, month, day)
    }

    /// A non-negative number in decimal, zero-padded to `width` digits at least.
    private static func appendDigits(_ value: Int64, width: Int, to text: inout ByteWriter) {
        var divisor: Int64 = 1
        var count = 1
        while divisor <= value / 10 {
            divisor *= 10
            count += 1
        }
        for _ in count..<max(count, width) { text.append(48) }
        var rest = value
        while divisor > 0 {
            text.append(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
