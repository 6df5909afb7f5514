import HummingbirdBcrypt
import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Adds a person (or, for one who exists already with this name, only the role) and
    /// grants them `role` in `coop`. Only an admin there manages people.
    public func addPerson(_ person: Person, password: Password?, role: PersonRole, in coop: CoopCode) async throws -> CreateOutcome {
        guard role != .supervisor else {
            throw LedgerError(
                .invalidValue, field: "role", value: role.rawValue,
                rule: "a supervisor oversees a district, not one cooperative: name the district (--district)")
        }
        let hash = try await Self.hashed(password)
        return try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            let actor = try requireActor(holding: [.admin], in: coop, to: "manage people", on: connection)
            let people = PeopleRepository(connection)
            var outcome = CreateOutcome.alreadyPresent
            if let existing = try people.find(person.login) {
                // An admin manages only people who are theirs to manage: a person who holds a
                // role anywhere the actor is not an admin is someone else's, and nothing about
                // them (not even their name) is said. Otherwise an admin of one cooperative
                // could reset the password of an approver of another and act as them.
                // A district's supervisor is the operator's to manage.
                if try DistrictRepository(connection).supervisesAny(person.login) {
                    throw LedgerError(.duplicate, field: "login", value: person.login.rawValue, rule: "this login is taken; choose another")
                }
                for scope in try people.scopes(of: person.login) where scope != coop.rawValue {
                    let administered = scope == "*" ? try people.roles(of: actor, in: nil) : try people.roles(of: actor, in: try CoopCode(parsing: scope))
                    guard administered.contains(.admin) else {
                        throw LedgerError(.duplicate, field: "login", value: person.login.rawValue, rule: "this login is taken; choose another")
                    }
                }
                guard existing.name == person.name else {
                    throw LedgerError(.duplicate, field: "login", value: person.login.rawValue, rule: "this login is taken, by a person of another name")
                }
                if let hash { try people.setPasswordHash(hash, of: person.login) }
            } else {
                try people.insert(person, passwordHash: hash)
                outcome = .created
            }
            if try !people.roles(of: person.login, in: coop).contains(role) {
                try people.grant(role, to: person.login, in: coop)
                outcome = .created
            }
            return outcome
        }
    }

    /// Takes `role` in `coop` away from the person (an admin there does it). Their sessions
    /// and tokens end with it (sql/024). False when they did not hold it.
    public func revokeRole(_ role: PersonRole, from login: Login, in coop: CoopCode) async throws -> Bool {
        try await write { connection in
            try Self.requireCooperative(coop, on: connection)
            try requireActor(holding: [.admin], in: coop, to: "manage people", on: connection)
            return try PeopleRepository(connection).revoke(role, from: login, in: coop)
        }
    }

    public func people(of coop: CoopCode) async throws -> [(person: Person, roles: Set<PersonRole>, scope: String)] {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            return try PeopleRepository(connection).members(of: coop)
        }
    }

    /// Whether the password is the person's; false for a person without one (or no such
    /// person), after the same bcrypt work, so timing does not tell which logins exist.
    /// A new password's bcrypt hash, made on the password thread; an admin's waits its turn
    /// (only sign-ins are refused when the thread is full).
    static func hashed(_ password: Password?) async throws -> String? {
        guard let text = password?.text else { return nil }
        return try await PasswordWork.shared.run(refusingWhenFull: false) { Bcrypt.hash(text, cost: PasswordCost.configured) }
    }

    public func checkPassword(_ password: String, of login: Login) async throws -> Bool {
        let hash = try await read({ try PeopleRepository($0).passwordHash(of: login) })
        let matches = try await PasswordWork.shared.run { Bcrypt.verify(password, hash: hash ?? Self.hashMatchingNothing) }
        return hash != nil && matches
    }

    /// A bcrypt hash at the configured cost that no password of 8 or more characters matches.
    static let hashMatchingNothing = Bcrypt.hash("-", cost: PasswordCost.configured)

    /// Refuses unless the acting person holds one of `roles` in `coop`. The database checks
    /// entries and vouchers again; this names the rule before anything is written.
    @discardableResult
    func requireActor(holding roles: Set<PersonRole>, in coop: CoopCode, to action: String, on connection: Connection) throws -> Login {
        guard let actor else {
            throw LedgerError(.forbidden, field: "user", rule: "no acting person is named; \(action) needs one")
        }
        guard try !PeopleRepository(connection).roles(of: actor, in: coop).isDisjoint(with: roles) else {
            let names = roles.sorted().map(\.rawValue).joined(separator: " or ")
            throw LedgerError(.forbidden, field: "user", value: actor.rawValue, rule: "to \(action) in \(coop) needs the \(names) role there")
        }
        return actor
    }
}
