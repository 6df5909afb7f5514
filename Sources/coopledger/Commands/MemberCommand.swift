import ArgumentParser
import LedgerCore
import LedgerRendering
import LedgerService

struct MemberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Register and list members; a member leaving.",
        subcommands: [Add.self, Import.self, List.self, Show.self, Leave.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a member.")

        @Option(help: "Member number, unique in the cooperative.")
        var number: String
        @Option(help: "Full name.")
        var name: String
        @Option(help: "National ID number (stored; shown masked).")
        var idNumber: String?
        @Flag(help: "A registered poor household (建档立卡贫困户).")
        var poorHousehold = false
        @Option(help: "Day the member joined (YYYY-MM-DD).")
        var joined: String?
        @Option(help: "A non-member household (H3) that joins: it keeps its number and history, counted as one household.")
        var household: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let member = try Member(
                number: MemberNumber(parsing: number, field: "number"), name: name, idNumber: idNumber,
                isPoorHousehold: poorHousehold, joinedOn: joined.map { try Day(parsing: $0, field: "joined") }
            )
            let joining = try household.map { try HouseholdNumber(parsing: $0, field: "household") }
            let outcome = try await Session.run(global, needs: .operation(.manageMembers)) { session in
                try await session.ledger.addMember(member, joiningFrom: joining, to: try await session.coop())
            }
            print(
                outcome == .created
                    ? "registered member \(member.number) \(member.name)" : "member \(member.number) exists already with these details; nothing written")
        }
    }

    struct Leave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A member leaves (退社): contribution and reserve share returned (law art. 28).",
            discussion:
                "Owed on the member's 114 account, or with --paid from the bank at once. Subsidy and donation shares stay recorded; from that year the member takes no part in the capital pool."
        )
        @Argument(help: "The member's number.")
        var number: String
        @Option(help: "The day they leave (YYYY-MM-DD).")
        var date: String
        @Option(help: "Idempotency key.")
        var key: String
        @Flag(help: "Paid from the bank at once (otherwise owed on the member's 114 account).")
        var paid = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let member = try MemberNumber(parsing: number, field: "number")
            let day = try Day(parsing: date, field: "date")
            let text = try await Session.run(global, needs: .operation(.manageMembers)) { session in
                try await session.describe(
                    try await session.ledger.withdraw(member: member, date: day, key: try ClientKey(key), paidAtOnce: paid, in: try await session.coop()),
                    key: key)
            }
            print(text)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cooperative's members (ID numbers masked).")
        @Flag(help: "Show ID numbers in full.")
        var showID = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let members = try await Session.run(global, needs: .operation(.read)) { session in
                let coop = try await session.coop()
                try await session.requireSeesIDNumbers(showID, in: coop)
                return try await session.ledger.members(of: coop)
            }
            print(MemberRendering.render(members, as: global.format, showID: showID))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a whole member roll from CSV, all or nothing.",
            discussion: "Columns: number,name[,id_number,poor_household,joined,left]. poor_household is yes or no; dates YYYY-MM-DD."
        )
        @Argument(help: "The CSV file (UTF-8, optional BOM); - reads standard input.")
        var file: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let meter = ProgressMeter(totalBytes: InputFile.size(of: file))
            let (created, present) = try await Session.run(global, needs: .operation(.manageMembers)) { session in
                try await session.ledger.importMembers(path: file, to: try await session.coop(), progress: meter.report)
            }
            meter.finish()
            print("registered \(created) members" + (present > 0 ? ", \(present) already registered with the same details" : ""))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A member's account (成员账户, law art. 43) for a year.")
        @Argument(help: "The member's number.")
        var number: String
        @Option(help: "The year (default: this year).")
        var year: Int = Today.year
        @Flag(help: "Show the ID number in full.")
        var showID = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let member = try MemberNumber(parsing: number, field: "member")
            let account = try await Session.run(global, needs: .operation(.read)) { session in
                let coop = try await session.coop()
                try await session.requireSeesIDNumbers(showID, in: coop)
                return try await session.ledger.memberAccount(member, year: year, in: coop)
            }
            print(account.rendered(as: global.format, showID: showID))
        }
    }
}
