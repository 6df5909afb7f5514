import LedgerCore
import LedgerStore
import Postgres

/// Vouchers: prepared as drafts (not in the journal), approved by another person, posted
/// as one journal entry that takes the next voucher number of its month. The database
/// checks every step again (012_people_and_vouchers.sql).
extension Ledger {
    public func draftVoucher(_ content: VoucherContent, in coop: CoopCode) async throws -> VoucherDraft {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let actor = try requireActor(holding: PersonRole.preparing, in: coop, to: "prepare vouchers", on: connection)
            try Self.check(content, in: coop, on: connection)
            let vouchers = VoucherRepository(connection, coop: coop)
            let id = try vouchers.insert(content, preparedBy: actor)
            return try vouchers.find(id)!
        }
    }

    /// New content for a draft that is not approved; only its preparer edits it.
    public func editVoucher(_ id: Int64, _ content: VoucherContent, in coop: CoopCode) async throws -> VoucherDraft {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let vouchers = VoucherRepository(connection, coop: coop)
            let draft = try Self.draft(id, in: vouchers)
            let actor = try requireActor(holding: VoucherDraft.Action.edit.roles, in: coop, to: "edit vouchers", on: connection)
            try draft.require(.edit, by: actor)
            try Self.check(content, in: coop, on: connection)
            try vouchers.replace(id, with: content)
            return try vouchers.find(id)!
        }
    }

    public func deleteVoucher(_ id: Int64, in coop: CoopCode) async throws {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let vouchers = VoucherRepository(connection, coop: coop)
            let draft = try Self.draft(id, in: vouchers)
            let actor = try requireActor(holding: VoucherDraft.Action.delete.roles, in: coop, to: "delete vouchers", on: connection)
            try draft.require(.delete, by: actor)
            try vouchers.delete(id)
        }
    }

    /// Approves a draft (审核): by a person with the approver or admin role who did not
    /// prepare it, naming the `version` they were shown; a draft changed since is refused.
    /// Approving one approved already by the same person changes nothing.
    public func approveVoucher(_ id: Int64, version: Int, in coop: CoopCode) async throws -> VoucherDraft {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let vouchers = VoucherRepository(connection, coop: coop)
            let draft = try Self.draft(id, in: vouchers, locking: true)
            let actor = try requireActor(holding: VoucherDraft.Action.approve.roles, in: coop, to: "approve vouchers", on: connection)
            // Approved already by this person: the same request again changes nothing.
            if draft.approvedBy == actor && draft.posted == nil { return draft }
            try draft.require(.approve, by: actor)
            guard draft.version == version else {
                throw LedgerError(
                    .voucherChanged, field: "version", value: String(version),
                    rule: "the voucher changed after you opened it (it is at version \(draft.version)); open it again")
            }
            try vouchers.approve(id, by: actor, version: version)
            return try vouchers.find(id)!
        }
    }

    /// Sends a draft back to its preparer with a reason, clearing any approval.
    public func sendBackVoucher(_ id: Int64, reason: String, in coop: CoopCode) async throws -> VoucherDraft {
        let reason = try VoucherDraft.checkedReason(reason)
        return try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let vouchers = VoucherRepository(connection, coop: coop)
            let draft = try Self.draft(id, in: vouchers, locking: true)
            let actor = try requireActor(holding: VoucherDraft.Action.sendBack.roles, in: coop, to: "send vouchers back", on: connection)
            try draft.require(.sendBack, by: actor)
            try vouchers.sendBack(id, reason: reason)
            return try vouchers.find(id)!
        }
    }

    /// Posts an approved draft (记账) as one entry; it gets the next number of its month.
    /// Posting a posted draft again writes nothing and returns its entry.
    public func postVoucher(_ id: Int64, in coop: CoopCode) async throws -> PostingOutcome {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let vouchers = VoucherRepository(connection, coop: coop)
            let draft = try Self.draft(id, in: vouchers, locking: true)
            if let posted = draft.posted { return .replayed(posted.entry) }
            let actor = try requireActor(holding: VoucherDraft.Action.post.roles, in: coop, to: "post vouchers", on: connection)
            try draft.require(.post, by: actor)
            try Self.check(draft.content, in: coop, on: connection)
            return .posted(try JournalRepository(connection, coop: coop).insert(try draft.content.entry(draft: id), from: draft))
        }
    }

    public func vouchers(of coop: CoopCode, includingPosted: Bool) async throws -> [VoucherDraft] {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try VoucherRepository(connection, coop: coop).list(includingPosted: includingPosted)
        }
    }

    public func voucher(_ id: Int64, in coop: CoopCode) async throws -> VoucherDraft {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try Self.draft(id, in: VoucherRepository(connection, coop: coop))
        }
    }

    // MARK: - Inside a transaction

    static func draft(_ id: Int64, in vouchers: VoucherRepository, locking: Bool = false) throws -> VoucherDraft {
        guard let draft = try vouchers.find(id, locking: locking) else {
            throw LedgerError(.unknownVoucher, field: "voucher", value: String(id), rule: "no such voucher draft in this cooperative")
        }
        return draft
    }

    /// A draft's lines against the chart and members, and its date against closed periods:
    /// what posting would refuse, said when the draft is written.
    static func check(_ content: VoucherContent, in coop: CoopCode, on connection: Connection) throws {
        let entry = try content.entry(draft: 0)
        try EntryDates.check(content.date, today: try Today.day())
        let chart = try AccountRepository(connection, coop: coop).chart()
        try entry.validate(against: chart, members: try MemberRepository(connection, coop: coop).named(entry.memberNumbers))
        try PeriodRepository(connection, coop: coop).requireOpen(content.date)
    }
}

/// What a printed voucher (记账凭证) shows: the posted entry with its number, the names of
/// its accounts, members and people, and the voucher a reversal reverses.
public struct VoucherSheet: Sendable {
    public let coopName: String
    public let stored: StoredEntry
    public let accountNames: [AccountCode: String]
    /// Each account's standard account (itself, for a standard one): 总账科目 on the print.
    public let standardCodes: [AccountCode: AccountCode]
    public let memberNames: [MemberNumber: String]
    public let peopleNames: [Login: String]
    public let reverses: VoucherNumber?
}

extension Ledger {
    public func voucherSheet(_ number: VoucherNumber, in coop: CoopCode) async throws -> VoucherSheet {
        try await read { connection in
            guard let cooperative = try CooperativeRepository(connection).find(coop) else { throw Self.unknownCooperative(coop) }
            let journal = JournalRepository(connection, coop: coop)
            guard let stored = try journal.entry(voucher: number) else {
                throw LedgerError(.unknownEntry, field: "voucher", value: number.description, rule: "no entry has this voucher number in this cooperative")
            }
            let chart = try AccountRepository(connection, coop: coop).chart()
            let members = MemberRepository(connection, coop: coop)
            var memberNames: [MemberNumber: String] = [:]
            for number in stored.entry.memberNumbers { memberNames[number] = try members.find(number)?.name }
            let people = PeopleRepository(connection)
            var peopleNames: [Login: String] = [:]
            for login in [stored.people.preparedBy, stored.people.approvedBy, stored.people.postedBy].compactMap({ $0 }) {
                peopleNames[login] = try people.find(login)?.name
            }
            return VoucherSheet(
                coopName: cooperative.name, stored: stored,
                accountNames: chart.accounts.mapValues(\.name),
                standardCodes: chart.accounts.mapValues(\.standardCode),
                memberNames: memberNames,
                peopleNames: peopleNames,
                reverses: try stored.entry.reverses.flatMap { try journal.entry($0)?.voucher }
            )
        }
    }
}
