import ArgumentParser
import LedgerCore
import LedgerService

struct MemberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Register and list members.",
        subcommands: [Add.self, List.self]
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
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let member = try Member(
                number: MemberNumber(parsing: number, field: "number"), name: name, idNumber: idNumber,
                isPoorHousehold: poorHousehold, joinedOn: joined.map { try Day(parsing: $0, field: "joined") }
            )
            let outcome = try await Session.run(global) { session in
                try await session.ledger.addMember(member, to: try await session.coop())
            }
            print(outcome == .created ? "registered member \(member.number) \(member.name)" : "member \(member.number) exists already with these details; nothing written")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cooperative's members (ID numbers masked).")
        @Flag(help: "Show ID numbers in full.")
        var showID = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let members = try await Session.run(global) { session in
                try await session.ledger.members(of: try await session.coop())
            }
            print(MemberRendering.render(members, as: global.format, showID: showID))
        }
    }
}
