import ArgumentParser
import LedgerCore
import Foundation
import LedgerRendering
import LedgerService

struct CoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coop",
        abstract: "Create and list cooperatives.",
        subcommands: [Create.self, Move.self, List.self, Show.self, Settings.self, RequireApproval.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a cooperative with the 2022 chart of accounts.")

        @Argument(help: "Short code: lower-case letters, digits and dashes (e.g. baiyin-pig).")
        var code: String
        @Option(help: "The cooperative's registered name.")
        var name: String
        @Option(help: "Statutory reserve (盈余公积) drawn from the surplus.")
        var reserveRate = "10%"
        @Option(help: "Share of the distributable surplus returned by patronage (at least 60%).")
        var patronageShare = "60%"
        @Option(help: "Share distributed by capital contribution.")
        var capitalShare = "40%"
        @OptionGroup var place: PlacementOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let placement = try place.placement()
            let coop = try Cooperative(
                code: CoopCode(parsing: code, field: "code"), name: name,
                settings: CharterSettings(
                    reserveRate: BasisPoints(parsingPercent: reserveRate, field: "reserve-rate"),
                    patronageShare: BasisPoints(parsingPercent: patronageShare, field: "patronage-share"),
                    capitalShare: BasisPoints(parsingPercent: capitalShare, field: "capital-share")
                )
            )
            let outcome = try await Session.run(global, needs: .operatorOnly) { session in
                let outcome = try await session.ledger.createCooperative(coop)
                if let placement { try await session.ledger.place(coop.code, placement) }
                return outcome
            }
            print(
                outcome == .created
                    ? "created cooperative \(coop.code) (\(coop.name))" : "cooperative \(coop.code) exists already with these settings; nothing written")
        }
    }

    struct Move: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a cooperative in a district and township, or move it (the operator's).")
        @Argument(help: "The cooperative's code.") var code: String
        @OptionGroup var place: PlacementOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            guard let placement = try place.placement() else { throw ValidationError("--district and --township: where the cooperative is") }
            let coop = try CoopCode(parsing: code, field: "code")
            try await Session.run(global, needs: .operatorOnly) { try await $0.ledger.place(coop, placement) }
            print("\(coop) is in \(placement.district), \(placement.township)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cooperatives in this database.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let coops = try await Session.run(global, needs: .operation(.read)) { session in
                // A person sees the cooperatives they keep books for; the operator sees all.
                guard let actor = session.ledger.actor, actor != .system else { return try await session.ledger.cooperatives() }
                return try await session.ledger.workplaces(of: actor).map(\.coop)
            }
            print(CooperativeRendering.render(coops, as: global.format))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one cooperative and its charter settings.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let coop = try await Session.run(global, needs: .operation(.read)) { session in
                try await session.ledger.cooperative(try await session.coop())
            }
            print(CooperativeRendering.render([coop], as: global.format))
        }
    }

    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the charter's distribution settings (posted runs keep the ones they used)."
        )
        @Option(help: "Statutory reserve drawn from the surplus.")
        var reserveRate: String?
        @Option(help: "Share returned by patronage (at least 60%).")
        var patronageShare: String?
        @Option(help: "Share distributed by capital (patronage + capital ≤ 100%).")
        var capitalShare: String?
        @Option(help: "Dealings that count as patronage, comma-separated: purchase, sale, land_fee_accrual (default purchase,sale).")
        var patronageKinds: String?
        @Option(help: "How the reserve is quantified to members: patronage, capital or none.")
        var reserveQuantifiedBy: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let settings = try await Session.run(global, needs: .operation(.charter)) { session in
                let coop = try await session.coop()
                let current = try await session.ledger.distributionSettings(of: coop)
                let charter = try CharterSettings(
                    reserveRate: reserveRate.map { try BasisPoints(parsingPercent: $0, field: "reserve-rate") } ?? current.charter.reserveRate,
                    patronageShare: patronageShare.map { try BasisPoints(parsingPercent: $0, field: "patronage-share") } ?? current.charter.patronageShare,
                    capitalShare: capitalShare.map { try BasisPoints(parsingPercent: $0, field: "capital-share") } ?? current.charter.capitalShare
                )
                let kinds =
                    try patronageKinds.map { text in
                        try Set(
                            text.split(separator: ",").map { name in
                                guard let kind = EntryKind(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                                    throw LedgerError(
                                        .charterRule, field: "patronage-kinds", value: String(name), rule: "kinds are purchase, sale and land_fee_accrual")
                                }
                                return kind
                            })
                    } ?? current.patronageKinds
                let quantification =
                    try reserveQuantifiedBy.map { text in
                        guard let value = DistributionSettings.ReserveQuantification(rawValue: text) else {
                            throw LedgerError(.charterRule, field: "reserve-quantified-by", value: text, rule: "patronage, capital or none")
                        }
                        return value
                    } ?? current.reserveQuantification
                let settings = try DistributionSettings(charter: charter, patronageKinds: kinds, reserveQuantification: quantification)
                try await session.ledger.updateDistributionSettings(settings, in: coop)
                return settings
            }
            print(
                "reserve \(settings.charter.reserveRate), patronage \(settings.charter.patronageShare), capital \(settings.charter.capitalShare), "
                    + "patronage counts \(settings.patronageKinds.map(\.rawValue).sorted().joined(separator: ",")), reserve quantified by \(settings.reserveQuantification.rawValue)"
            )
        }
    }

    struct RequireApproval: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "require-approval",
            abstract: "Require general entries to go through approved voucher drafts (--off: post them directly again).",
            discussion:
                "Operations that move money (purchases, sales, costs, contracts, runs) are then posted by an approver or admin, never a preparer alone. Admin only."
        )
        @Flag(help: "Stop requiring approval.") var off = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let coop = try await Session.run(global, needs: .operation(.charter)) { session in
                let coop = try await session.coop()
                try await session.ledger.setRequiresApproval(!off, in: coop)
                return coop
            }
            print(off ? "\(coop): general entries post directly" : "\(coop): general entries go through approved voucher drafts")
        }
    }
}
