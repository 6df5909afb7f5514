/// A posted voucher's number, `记-2026-03-0005`: the fifth entry posted in March 2026 in
/// its cooperative. The database gives it, gapless per cooperative and month.
public struct VoucherNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The first day of its month, as the database keys numbers.
    public let month: Day
    public let number: Int

    /// 记 (记账凭证): the one voucher type a cooperative keeps (no 收/付/转 split).
    public static let prefix = "记"

    /// The number `number` of the month `day` falls in.
    public init(monthOf day: Day, number: Int) {
        self.month = (try? Day(year: day.year, month: day.month, day: 1)) ?? day // day 1 always exists
        self.number = number
    }

    /// Reads `记-2026-03-0005` (or `2026-03-0005`, or `2026-03-5`).
    public init(parsing text: String, field: String = "voucher") throws(LedgerError) {
        let body = text.hasPrefix(Self.prefix + "-") ? String(text.dropFirst(Self.prefix.count + 1)) : text
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, parts[1].utf8.count == 2, (1...9).contains(parts[2].utf8.count),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let number = Int(parts[2]),
            (1...9999).contains(year), (1...12).contains(month), number >= 1
        else {
            throw LedgerError(.invalidValue, field: field, value: text, rule: "a voucher number is written 记-YYYY-MM-NNNN, like 记-2026-03-0005")
        }
        self.init(monthOf: try Day(year: year, month: month, day: 1), number: number)
    }

    /// Four digits at least; a month with more than 9,999 vouchers (an import) takes more.
    public var description: String {
        "\(Self.prefix)-\(Self.padded(month.year, 4))-\(Self.padded(month.month, 2))-\(Self.padded(number, 4))"
    }

    public static func < (lhs: VoucherNumber, rhs: VoucherNumber) -> Bool {
        (lhs.month, lhs.number) < (rhs.month, rhs.number)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// The numbers one posting took in one month: consecutive, since the month's counter is
/// held from the first to the last of them.
public struct VoucherRange: Sendable, Equatable, CustomStringConvertible {
    public let first: VoucherNumber
    public let last: VoucherNumber

    public init(first: VoucherNumber, last: VoucherNumber) {
        self.first = first
        self.last = last
    }

    public var description: String { first == last ? first.description : "\(first) to \(last)" }

    /// Ranges by month from the numbers, which are consecutive within each month.
    public static func of(_ numbers: [VoucherNumber]) -> [VoucherRange] {
        Dictionary(grouping: numbers, by: \.month).values
            .compactMap { month in month.min().flatMap { first in month.max().map { VoucherRange(first: first, last: $0) } } }
            .sorted { $0.first < $1.first }
    }
}

/// Who prepared (制单), approved (审核) and posted (记账) an entry. Entries posted before
/// people were recorded name nobody.
public struct EntryPeople: Sendable, Equatable {
    public let preparedBy: Login?
    public let approvedBy: Login?
    public let postedBy: Login?

    public init(preparedBy: Login?, approvedBy: Login?, postedBy: Login?) {
        self.preparedBy = preparedBy
        self.approvedBy = approvedBy
        self.postedBy = postedBy
    }

    public static let unrecorded = EntryPeople(preparedBy: nil, approvedBy: nil, postedBy: nil)
}
