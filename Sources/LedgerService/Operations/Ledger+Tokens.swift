import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Makes an API token; the token is returned once and never stored. A cooperative's
    /// admin makes its tokens; a token of every cooperative is the operator's.
    public func createToken(role: Role, coop: CoopCode?) async throws -> (id: Int64, token: String) {
        guard coop != nil || role == .admin else {
            throw LedgerError(.invalidValue, field: "coop", rule: "only an admin token may cover every cooperative; name one with --coop")
        }
        return try await write { connection in
            if let coop { try Self.requireCooperative(coop, on: connection) }
            try requireTokenMaker(for: coop, on: connection)
            return try TokenRepository(connection).create(role: role, coop: coop)
        }
    }

    /// Makes a token acting as `login` in `coop` (nil: every cooperative, for a person
    /// who holds a role in every one). Only an admin makes tokens for others.
    public func createToken(for login: Login, coop: CoopCode?) async throws -> (id: Int64, token: String) {
        try await write { connection in
            if let coop { try Self.requireCooperative(coop, on: connection) }
            let people = PeopleRepository(connection)
            guard try people.find(login) != nil else {
                throw LedgerError(.unknownPerson, field: "user", value: login.rawValue, rule: "no such person; add them with `coopledger user add`")
            }
            guard try !people.roles(of: login, in: coop).isEmpty else {
                throw LedgerError(
                    .forbidden, field: "user", value: login.rawValue,
                    rule: "holds no role in \(coop?.rawValue ?? "every cooperative"), so a token would open nothing")
            }
            if actor != login { try requireTokenMaker(for: coop, on: connection) }
            return try TokenRepository(connection).create(for: login, coop: coop)
        }
    }

    /// A sign-in's token for `login`, whose password the caller has checked: the database
    /// checks it again as it makes the token (sql/032). `coop`: the cooperative it opens;
    /// nil, every one the person works in (the workbench's). Lasts `Limits.signInTokenSeconds`.
    public func signInToken(for login: Login, password: String, in coop: CoopCode?) async throws -> String {
        try await write { connection in
            if let coop { try Self.requireCooperative(coop, on: connection) }
            return try TokenRepository(connection).signIn(login, password: password, coop: coop, lifetimeSeconds: Limits.signInTokenSeconds)
        }
    }

    /// Ends the token itself (signing out); false if it was not live.
    public func revoke(token: String) async throws -> Bool {
        try await write { try TokenRepository($0).revoke(token: token) }
    }

    private func requireTokenMaker(for coop: CoopCode?, on connection: Connection) throws {
        if let coop {
            try requireActor(holding: [.admin], in: coop, to: "make tokens", on: connection)
        } else if actor != .system {
            throw LedgerError(.forbidden, field: "user", value: actor?.rawValue, rule: "a token of every cooperative is the operator's to make")
        }
    }

    public func revokeToken(id: Int64) async throws -> Bool {
        try await write { try TokenRepository($0).revoke(id: id) }
    }

    /// The identity behind a bearer token, or nil for an unknown or revoked one.
    public func identity(ofToken token: String) async throws -> Identity? {
        try await readStatement { try TokenRepository($0).identity(of: token) }
    }
}

extension Ledger {
    /// Makes `login` the database login a server connects as (`ServiceLogin`), setting its
    /// password when given: the operator's.
    public func ensureServiceLogin(_ login: String, password: String?) async throws {
        try await write { try ServiceLogin.ensure(login, password: password, on: $0) }
    }
}
