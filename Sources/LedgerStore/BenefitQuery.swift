import LedgerCore
import Postgres

/// Reads the benefit statement of a year from the journal and the operation records:
/// members' channels from their detail accounts (postings carry their entry's date and
/// kind, a reversal's the reversed entry's, so a reversed dealing nets out), purchase
/// premiums from the purchase records, non-member households' wages from the payroll lines.
/// One cooperative's, or a district's cooperatives' at once (two statements for all of them).
public struct BenefitQuery {
    let connection: Connection
    let coops: [CoopCode]

    public init(_ connection: Connection, coop: CoopCode) {
        self.init(connection, coops: [coop])
    }

    public init(_ connection: Connection, coops: [CoopCode]) {
        self.connection = connection
        self.coops = coops
    }

    /// The codes the statements filter by.
    var codes: [String] { coops.map(\.rawValue) }

    /// The accounts through which the cooperative pays households, and the payment kinds.
    static let payableAccounts: [AccountCode] = [
        .memberCurrentAccounts, .wagesPayable, .laborServicesPayable, .interestPayable, .patronageRefundsPayable, .residualSurplusPayable,
    ]
    static let paymentKinds = ["land_fee_payment", "purchase_payment", "loan_equity_payout_payment", "distribution_payment", "payroll_payment"]

    /// An entry (under `alias`) that no reversal undid.
    static func standing(_ alias: String) -> Query {
        Query(unsafeSQL: "NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.coop_id = \(alias).coop_id AND r.reverses_entry_id = \(alias).entry_id)")
    }

    /// The one cooperative's statement (the first, if given several).
    public func run(year: Int) throws -> BenefitStatement {
        try runEach(year: year)[coops[0]] ?? BenefitStatement(coop: coops[0], year: year, rows: [])
    }

    /// Each cooperative's statement. A household that joined during or before the year counts
    /// once: its dealings as a non-member are added to its member row (it is one household,
    /// with one history).
    public func runEach(year: Int) throws -> [CoopCode: BenefitStatement] {
        let (members, households) = try rows(year: year)
        // A statement lists its members by number, then its households by number. The
        // database returns the rows unordered: sorting a district's 100,000 wide rows by their
        // cooperative's code there took longer than sorting each cooperative's numbers here.
        let membersByCoop = Dictionary(grouping: members, by: \.coop).mapValues {
            $0.map(\.row).sorted { ($0.member?.value ?? 0) < ($1.member?.value ?? 0) }
        }
        let householdsByCoop = Dictionary(grouping: households, by: \.coop).mapValues {
            $0.sorted { ($0.row.household?.value ?? 0) < ($1.row.household?.value ?? 0) }
        }
        var statements: [CoopCode: BenefitStatement] = [:]
        for coop in coops {
            statements[coop] = try merged(
                members: membersByCoop[coop] ?? [], households: (householdsByCoop[coop] ?? []).map { ($0.row, $0.became) },
                coop: coop, year: year)
        }
        return statements
    }

    private func merged(
        members: [BenefitStatement.Row], households: [(row: BenefitStatement.Row, became: MemberNumber?)],
        coop: CoopCode, year: Int
    ) throws -> BenefitStatement {
        var members = members
        let positions = Dictionary(members.indices.compactMap { index in members[index].member.map { ($0, index) } }) { first, _ in first }
        var others: [BenefitStatement.Row] = []
        for (row, became) in households {
            if let became, let index = positions[became] {
                let member = members[index]
                members[index] = BenefitStatement.Row(
                    member: member.member, household: row.household, name: member.name, village: row.village ?? member.village,
                    poverty: member.poverty.isPoor ? member.poverty : row.poverty,
                    channels: try member.channels.adding(row.channels), quantifiedShares: member.quantifiedShares,
                    idNumber: member.idNumber ?? row.idNumber)
            } else {
                others.append(row)
            }
        }
        return BenefitStatement(coop: coop, year: year, rows: members + others)
    }

    /// Every member of the year (a member on any of its days), and the non-member households
    /// dealt with in it, from their payroll lines, purchase and sale records and leases (a
    /// purchase paid at once has its payment under the purchase's key with `:paid`,
    /// SystemKey.payment; a lease's fee and payment are keyed by lease and year), each with
    /// its cooperative. One statement: each channel is summed over the whole set in one pass
    /// (the purchases joined to the journal once, for members and households alike), then
    /// joined to the roll, never looked up per member.
    func rows(year: Int) throws -> (
        members: [(coop: CoopCode, row: BenefitStatement.Row)], households: [(coop: CoopCode, row: BenefitStatement.Row, became: MemberNumber?)]
    ) {
        let first = try Day.firstDay(ofYear: year)
        let last = try Day.lastDay(ofYear: year)
        var members: [(coop: CoopCode, row: BenefitStatement.Row)] = []
        var households: [(coop: CoopCode, row: BenefitStatement.Row, became: MemberNumber?)] = []
        for row in try connection.query(
            """
            WITH purchase_dealings AS MATERIALIZED (
                SELECT d.coop_id, d.member_no, d.household_no, d.amount_fen, d.amount_fen - d.market_value_fen AS premium, e.entry_date, e.idempotency_key
                FROM purchases d JOIN journal_entries e ON e.coop_id = d.coop_id AND e.entry_id = d.entry_id
                -- Both sides narrowed to the cooperatives asked for: for a few of a district's,
                -- their entries are read by the index rather than every journal hashed.
                WHERE d.coop_id = ANY(\(codes)) AND e.coop_id = ANY(\(codes)) AND e.entry_date <= \(last) AND \(Self.standing("e"))
            ), payable AS (
                SELECT p.coop_id, p.member_no,
                       -sum(p.amount) FILTER (WHERE p.account_code = \(AccountCode.memberCurrentAccounts) AND p.kind = 'land_fee_accrual' AND p.entry_date >= \(first)) AS rent,
                       -sum(p.amount) FILTER (WHERE p.account_code = ANY(\([AccountCode.wagesPayable, .laborServicesPayable])) AND p.kind = 'payroll' AND p.entry_date >= \(first)) AS wages,
                       -sum(p.amount) FILTER (WHERE p.account_code = \(AccountCode.interestPayable) AND p.kind = 'loan_equity_payout' AND p.entry_date >= \(first)) AS payout,
                       -sum(p.amount) FILTER (WHERE p.account_code = \(AccountCode.patronageRefundsPayable) AND p.kind = 'surplus_distribution' AND p.entry_date >= \(first)) AS refund,
                       -sum(p.amount) FILTER (WHERE p.account_code = \(AccountCode.residualSurplusPayable) AND p.kind = 'surplus_distribution' AND p.entry_date >= \(first)) AS capital,
                       sum(p.amount) FILTER (WHERE p.kind = ANY(\(Self.paymentKinds)) AND p.entry_date >= \(first)) AS paid,
                       -sum(p.amount) FILTER (WHERE p.account_code <> \(AccountCode.memberCurrentAccounts)) AS owed,
                       -sum(p.amount) FILTER (WHERE p.account_code = \(AccountCode.memberCurrentAccounts)) AS current_account
                FROM postings p
                WHERE p.coop_id = ANY(\(codes)) AND p.member_no IS NOT NULL AND p.entry_date <= \(last) AND p.account_code = ANY(\(Self.payableAccounts))
                GROUP BY p.coop_id, p.member_no
            ), member_premium AS (
                SELECT coop_id, member_no, sum(premium) AS fen FROM purchase_dealings
                WHERE member_no IS NOT NULL AND entry_date >= \(first)
                GROUP BY coop_id, member_no
            ), quantified AS (
                SELECT s.coop_id, s.member_no, -sum(s.amount) AS fen
                FROM postings s
                WHERE s.coop_id = ANY(\(codes)) AND s.member_no IS NOT NULL AND s.account_code = \(AccountCode.specialFunds)
                  AND s.kind IN ('subsidy', 'donation') AND s.entry_date BETWEEN \(first) AND \(last)
                GROUP BY s.coop_id, s.member_no
            ), dealings AS (
                SELECT l.coop_id, l.household_no, 0::bigint AS rent, 0::bigint AS premium, l.amount_fen AS wages, l.amount_fen AS amount, e.entry_date,
                       paid.paid_on
                FROM payroll_lines l JOIN journal_entries e ON e.coop_id = l.coop_id AND e.entry_id = l.entry_id
                LEFT JOIN (SELECT pp.coop_id, pp.payroll_entry_id, min(pe.entry_date) AS paid_on
                           FROM payroll_payments pp JOIN journal_entries pe ON pe.coop_id = pp.coop_id AND pe.entry_id = pp.payment_entry_id
                           WHERE pp.coop_id = ANY(\(codes)) AND \(Self.standing("pe"))
                           GROUP BY pp.coop_id, pp.payroll_entry_id) AS paid ON paid.coop_id = l.coop_id AND paid.payroll_entry_id = l.entry_id
                WHERE l.coop_id = ANY(\(codes)) AND l.household_no IS NOT NULL AND e.entry_date <= \(last) AND \(Self.standing("e"))
                UNION ALL
                SELECT d.coop_id, d.household_no, 0, d.premium, 0, d.amount_fen, d.entry_date, pe.entry_date
                FROM purchase_dealings d
                -- Joined, not looked up per purchase: (coop_id, idempotency_key) is unique, so one payment at most.
                LEFT JOIN journal_entries pe ON pe.coop_id = d.coop_id AND pe.idempotency_key = d.idempotency_key || ':paid' AND pe.kind = 'purchase_payment'
                                            AND pe.coop_id = ANY(\(codes)) AND \(Self.standing("pe"))
                WHERE d.household_no IS NOT NULL
                UNION ALL
                -- A sale to the household: a dealing of the year (it is reached), no income to it.
                SELECT d.coop_id, d.household_no, 0, 0, 0, 0, e.entry_date, NULL
                FROM sales d JOIN journal_entries e ON e.coop_id = d.coop_id AND e.entry_id = d.entry_id
                WHERE d.coop_id = ANY(\(codes)) AND d.household_no IS NOT NULL AND e.entry_date <= \(last) AND \(Self.standing("e"))
                UNION ALL
                -- A lease's yearly fee and its payment, found by their keys (SystemKey.leaseFee, leasePayment).
                SELECT le.coop_id, le.household_no, fee.fen, 0, 0, fee.fen, e.entry_date,
                       (SELECT pe.entry_date FROM journal_entries pe
                        WHERE pe.coop_id = e.coop_id AND pe.idempotency_key = 'lease:' || le.lease_id || ':payment:' || y AND \(Self.standing("pe")))
                FROM leases le
                CROSS JOIN generate_series(extract(year FROM le.starts_on)::integer, \(year)::integer) AS y
                -- Each year's fee entry looked up by its key (OFFSET 0 keeps it a lookup: as a
                -- join the planner guessed a thousand years a lease and hashed every journal).
                CROSS JOIN LATERAL (SELECT e.coop_id, e.entry_id, e.entry_date FROM journal_entries e
                                    WHERE e.coop_id = le.coop_id AND e.idempotency_key = 'lease:' || le.lease_id || ':fee:' || y
                                      AND \(Self.standing("e")) OFFSET 0) AS e
                CROSS JOIN LATERAL (SELECT coalesce(-sum(p.amount), 0)::bigint AS fen FROM postings p
                                    WHERE p.coop_id = e.coop_id AND p.entry_id = e.entry_id AND p.account_code = \(AccountCode.payables)) AS fee
                WHERE le.coop_id = ANY(\(codes)) AND le.household_no IS NOT NULL
            )
            -- Members' rows and households' (a column's meaning per kind: see the decoding below).
            SELECT true AS is_member, m.coop_id, m.member_no, m.name, m.is_poor_household, NULL::text AS poverty, NULL::text AS village,
                   NULL::integer AS became, m.id_number, coalesce(p.rent, 0)::bigint, coalesce(d.fen, 0)::bigint, coalesce(p.wages, 0)::bigint,
                   coalesce(p.payout, 0)::bigint, coalesce(p.refund, 0)::bigint, coalesce(p.capital, 0)::bigint, coalesce(p.paid, 0)::bigint,
                   coalesce(p.owed, 0)::bigint, coalesce(p.current_account, 0)::bigint, coalesce(q.fen, 0)::bigint
            FROM members m
            LEFT JOIN payable p ON p.coop_id = m.coop_id AND p.member_no = m.member_no
            LEFT JOIN member_premium d ON d.coop_id = m.coop_id AND d.member_no = m.member_no
            LEFT JOIN quantified q ON q.coop_id = m.coop_id AND q.member_no = m.member_no
            WHERE m.coop_id = ANY(\(codes)) AND (m.joined_on IS NULL OR m.joined_on <= \(last)) AND (m.left_on IS NULL OR m.left_on > \(first))
            UNION ALL
            SELECT false, h.coop_id, h.household_no, h.name, NULL, h.poverty, h.village, h.member_no, h.id_number,
                   coalesce(sum(d.rent) FILTER (WHERE d.entry_date >= \(first)), 0)::bigint,
                   coalesce(sum(d.premium) FILTER (WHERE d.entry_date >= \(first)), 0)::bigint,
                   coalesce(sum(d.wages) FILTER (WHERE d.entry_date >= \(first)), 0)::bigint,
                   0, 0, 0,
                   coalesce(sum(d.amount) FILTER (WHERE d.paid_on BETWEEN \(first) AND \(last)), 0)::bigint,
                   coalesce(sum(d.amount) FILTER (WHERE d.paid_on IS NULL OR d.paid_on > \(last)), 0)::bigint,
                   0, 0
            FROM households h JOIN dealings d ON d.coop_id = h.coop_id AND d.household_no = h.household_no
            WHERE h.coop_id = ANY(\(codes))
            GROUP BY h.coop_id, h.household_no, h.name, h.village, h.poverty, h.member_no, h.id_number
            HAVING count(*) FILTER (WHERE d.entry_date >= \(first) OR d.paid_on BETWEEN \(first) AND \(last)) > 0
            """
        ).rows {
            func money(_ index: Int) throws -> Money { Money(fen: try row.decode(Int64.self, at: index)) }
            let coop = try CoopCode(parsing: try row.decode(String.self, at: 1))
            let number = try row.decode(Int32.self, at: 2)
            let name = try row.decode(String.self, at: 3)
            let idNumber = try row.decode(String?.self, at: 8)
            if try row.decode(Bool.self, at: 0) {
                let member = try Member(number: MemberNumber(number), name: name, isPoorHousehold: try row.decode(Bool.self, at: 4))
                // Owed: the credit balances of the payables, and of 114 when the cooperative owes on it.
                let owedOnCurrentAccount = Money(fen: max(0, try row.decode(Int64.self, at: 17)))
                let channels = BenefitStatement.Channels(
                    landRent: try money(9), purchasePremium: try money(10), wages: try money(11), loanEquityPayout: try money(12),
                    patronageRefund: try money(13), capitalShare: try money(14), paid: try money(15),
                    owed: try money(16).adding(owedOnCurrentAccount)
                )
                members.append(
                    (
                        coop,
                        BenefitStatement.Row(
                            member: member.number, household: nil, name: member.name, village: nil, poverty: Poverty.of(member),
                            channels: channels, quantifiedShares: try money(18), idNumber: idNumber)
                    ))
            } else {
                var channels = BenefitStatement.Channels()
                channels.landRent = try money(9)
                channels.purchasePremium = try money(10)
                channels.wages = try money(11)
                channels.paid = try money(15)
                channels.owed = try money(16)
                households.append(
                    (
                        coop,
                        BenefitStatement.Row(
                            member: nil, household: HouseholdNumber(number), name: name, village: try row.decode(String?.self, at: 6),
                            poverty: try Poverty(parsing: try row.decode(String.self, at: 5), field: "poverty"),
                            channels: channels, quantifiedShares: Money(fen: 0), idNumber: idNumber
                        ), try row.decode(Int32?.self, at: 7).map(MemberNumber.init)
                    ))
            }
        }
        return (members, households)
    }
}
