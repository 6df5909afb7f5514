import LedgerCore
import LedgerStore
import Postgres

/// What the web workbench asks of the books beyond the API's use cases: who a signed-in
/// person is where, and the state of a cooperative's periods.
extension Ledger {
    /// The person's identity in `coop`: nil when they hold no role there (the cooperative
    /// is then not theirs to see), exactly as a token of that cooperative would be.
    public func identity(of login: Login, in coop: CoopCode) async throws -> Identity? {
        try await read { connection in
            guard try CooperativeRepository(connection).find(coop) != nil else { return nil }
            return Identity(login: login, roles: try PeopleRepository(connection).roles(of: login, in: coop), coop: coop)
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

    /// The latest closed year, and the latest closed month of `year`.
    public func closedPeriods(of coop: CoopCode, year: Int) async throws -> (year: Int?, month: CalendarMonth?) {
        try await read { connection in
            try Self.requireCooperative(coop, on: connection)
            let periods = PeriodRepository(connection, coop: coop)
            return (try periods.latestClosedYear(), try periods.latestClosedMonth(inYear: year))
        }
    }
}
