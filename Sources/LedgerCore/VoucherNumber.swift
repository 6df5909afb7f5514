/// A posted voucher's number, `记-2026-03-0005`: the fifth entry posted in March 2026 in
/// its cooperative. The database gives it, gapless per cooperative and month.
public struct VoucherNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let number: Int

    /// 记 (记账凭证): the one voucher type a cooperative keeps (no 收/付/转 split).
    public static let prefix = "记"

    public init(year: Int, month: Int, number: Int) {
        self.year = year
        self.month = month
        self.number = number
    }

    /// Four digits at least; a month with more than 9,999 vouchers (an import) takes more.
    public var description: String {
        "\(Self.prefix)-\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(number, 4))"
    }

    public static func < (lhs: VoucherNumber, rhs: VoucherNumber) -> Bool {
        (lhs.year, lhs.month, lhs.number) < (rhs.year, rhs.month, rhs.number)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
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
