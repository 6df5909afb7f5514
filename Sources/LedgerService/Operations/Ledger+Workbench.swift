import LedgerCore
import LedgerStore
import Postgres

/// What the web workbench asks of the books beyond the API's use cases: who a signed-in
/// person is where, and the state of a cooperative's periods.
extension Ledger {
    /// The cooperative and the person's identity in it: nil when they hold no role there
    /// (the cooperative is then not theirs to see), exactly as for a token of it.
    public func workplace(of login: Login, in coop: CoopCode) async throws -> (coop: Cooperative, identity: Identity)? {
        try await read { connection in
            guard let cooperative = try CooperativeRepository(connection).find(coop),
                let identity = Identity(login: login, roles: try PeopleRepository(connection).roles(of: login, in: coop), coop: coop)
            else { return nil }
            return (cooperative, identity)
        }
    }

    /// The cooperatives whose books the person keeps (代理记账: often many), with their roles.
    public func workplaces(of login: Login) async throws -> [(coop: Cooperative, roles: Set<PersonRole>)] {
        try await read { connection in
            let people = PeopleRepository(connection)
            return try CooperativeRepository(connection).all().compactMap { coop in
                let roles = try people.roles(of: login, in: coop.code)
                return roles.isEmpty ? nil : (coop, roles)
            }
        }
    }

    public func person(_ login: Login) async throws -> Person? {
        try await read { try PeopleRepository($0).find(login) }
    }

    /// The person and the stamp of their credentials (password and roles) now: a session
    /// begun under another stamp has ended.
    public func personWithCredentials(_ login: Login) async throws -> (person: Person, stamp: String)? {
        try await read { connection in
            let people = PeopleRepository(connection)
            guard let person = try people.find(login), let stamp = try people.credentialsStamp(of: login) else { return nil }
            return (person, stamp)
        }
    }

    /// The latest closed year, and the latest closed month of `year`.
    public func closedPeriods(of coop: CoopCode, year: Int) async throws -> (year: Int?, month: CalendarMonth?) {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            let periods = PeriodRepository(connection, coop: coop)
            return (try periods.latestClosedYear(), try periods.latestClosedMonth(inYear: year))
        }
    }
}
