import LedgerCore
import LedgerStore
import Postgres

extension Ledger {
    /// Makes an API token; the token is returned once and never stored.
    public func createToken(role: Role, coop: CoopCode?) async throws -> (id: Int64, token: String) {
        guard coop != nil || role == .admin else {
            throw LedgerError(.invalidValue, field: "coop", rule: "only an admin token may cover every cooperative; name one with --coop")
        }
        return try await write { connection in
            if let coop { try Self.requireCooperative(coop, on: connection) }
            return try TokenRepository(connection).create(role: role, coop: coop)
        }
    }

    public func revokeToken(id: Int64) async throws -> Bool {
        try await write { try TokenRepository($0).revoke(id: id) }
    }

    /// The identity behind a bearer token, or nil for an unknown or revoked one.
    public func identity(ofToken token: String) async throws -> Identity? {
        try await read { try TokenRepository($0).identity(of: token) }
    }
}
