import ArgumentParser
import Foundation
import LedgerCore
import LedgerRendering
import LedgerService

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "People who keep the books, and their roles in a cooperative.",
        discussion: """
            Roles: preparer (prepares vouchers, posts day-to-day entries), approver (approves \
            other people's vouchers), auditor (reads only), admin (everything, people included). \
            A person may hold several roles, in several cooperatives. Only an admin of the \
            cooperative adds people.
            """,
        subcommands: [Add.self, Revoke.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a person to the cooperative with a role (or a further role).",
            discussion: """
                The password is read from standard input with --password-stdin (one line), or \
                asked for when standard input is a terminal; it is never an argument. Without \
                one the person cannot sign in, but tokens can act as them.
                """
        )
        @Option(help: "Sign-in name: a lower-case letter, then a–z, 0–9, '.', '_' or '-' (2 to 32).")
        var login: String
        @Option(help: "Full name, as vouchers show it (制单 王会计).")
        var name: String
        @Option(help: "preparer, approver, auditor or admin in the cooperative; or supervisor of a district (with --district).")
        var role: PersonRole
        @Option(help: "supervisor: the district they read, every cooperative of it (the operator's to grant).")
        var district: String?
        @Flag(help: "Read the password from standard input (one line).")
        var passwordStdin = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if (role == .supervisor) != (district != nil) { throw ValidationError("--district goes with --role supervisor, and only with it") }
        }

        func run() async throws {
            let person = try Person(login: Login(parsing: login), name: name)
            if let district {
                let code = try DistrictCode(parsing: district)
                let outcome = try await Session.run(global, needs: .operatorOnly) { session in
                    try await session.ledger.addSupervisor(person, password: try readPassword(), of: code)
                }
                print(
                    outcome == .created ? "\(person.login) (\(person.name)) supervises \(code)" : "\(person.login) supervises \(code) already; nothing written")
                return
            }
            let outcome = try await Session.run(global, needs: .operation(.managePeople)) { session in
                // Read after the session took the acting admin's password (the first line).
                let password = try readPassword()
                return try await session.ledger.addPerson(person, password: password, role: role, in: try await session.coop())
            }
            print(outcome == .created ? "\(person.login) (\(person.name)) is \(role.rawValue)" : "\(person.login) is \(role.rawValue) already; nothing written")
        }

        private func readPassword() throws -> Password? {
            if passwordStdin {
                guard let line = Swift.readLine(strippingNewline: true) else {
                    throw LedgerError(.invalidValue, field: "password", rule: "--password-stdin: standard input was empty")
                }
                return try Password(line)
            }
            guard isatty(STDIN_FILENO) == 1 else { return nil }
            let first = try Password(String(cString: getpass("Password for \(login): ")))
            guard String(cString: getpass("Again: ")) == first.text else {
                throw LedgerError(.invalidValue, field: "password", rule: "the two passwords differ")
            }
            return first
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a role in the cooperative away from a person.",
            discussion: "Their signed-in sessions and API tokens end at once (a password reset ends them too)."
        )
        @Option(help: "The person's sign-in name.") var login: String
        @Option(help: "preparer, approver, auditor or admin.") var role: PersonRole
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let login = try Login(parsing: login)
            let revoked = try await Session.run(global, needs: .operation(.managePeople)) { session in
                try await session.ledger.revokeRole(role, from: login, in: try await session.coop())
            }
            print(revoked ? "\(login) is no longer \(role.rawValue)" : "\(login) was not \(role.rawValue); nothing written")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Everyone holding a role in the cooperative.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let people = try await Session.run(global, needs: .operation(.read)) { session in
                try await session.ledger.people(of: try await session.coop())
            }
            print(PeopleRendering.render(people, as: global.format))
        }
    }
}

extension PersonRole: ExpressibleByArgument {}
