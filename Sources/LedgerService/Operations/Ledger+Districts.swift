import LedgerCore
import LedgerStore
import Postgres

/// Districts (sql/031): the operator makes them, places cooperatives in them and names
/// their supervisors; a supervisor reads the district's reports and every cooperative's
/// books in it, and writes nothing.
extension Ledger {
    /// The operator's; false when the code is taken already.
    public func createDistrict(_ district: District) async throws -> Bool {
        try await write { connection in
            try requireOperator(to: "create districts")
            return try DistrictRepository(connection).insert(district)
        }
    }

    public func districts() async throws -> [District] {
        try await read { try DistrictRepository($0).all() }
    }

    /// The districts `login` supervises.
    public func districts(supervisedBy login: Login) async throws -> [District] {
        try await read { try DistrictRepository($0).supervised(by: login) }
    }

    /// Puts a cooperative in a district and township, or moves it (the operator's).
    public func place(_ coop: CoopCode, _ placement: Placement) async throws {
        try await write { connection in
            try requireOperator(to: "place cooperatives in districts")
            try Self.requireCooperative(coop, on: connection)
            _ = try Self.district(placement.district, on: connection)
            try DistrictRepository(connection).place(coop, placement)
        }
    }

    /// Adds a supervisor of the district (the operator's): a new person with their password,
    /// or one already known who holds no role in any cooperative (a supervisor reads; they
    /// keep no books).
    public func addSupervisor(_ person: Person, password: Password?, of district: DistrictCode) async throws -> CreateOutcome {
        let hash = try await Self.hashed(password)
        return try await write { connection in
            try requireOperator(to: "name district supervisors")
            _ = try Self.district(district, on: connection)
            let people = PeopleRepository(connection)
            var outcome = CreateOutcome.alreadyPresent
            if let existing = try people.find(person.login) {
                guard existing.name == person.name else {
                    throw LedgerError(.duplicate, field: "login", value: person.login.rawValue, rule: "this login is taken, by a person of another name")
                }
                guard try people.scopes(of: person.login).isEmpty else {
                    throw LedgerError(
                        .invalidValue, field: "login", value: person.login.rawValue,
                        rule: "keeps books in a cooperative; a supervisor only reads: name another login")
                }
                if let hash { try people.setPasswordHash(hash, of: person.login) }
            } else {
                guard let hash else {
                    throw LedgerError(.invalidValue, field: "password", rule: "a new supervisor needs a password (--password-stdin)")
                }
                try people.insert(person, passwordHash: hash)
                outcome = .created
            }
            let districts = DistrictRepository(connection)
            if try !districts.supervises(person.login, district) {
                try districts.addSupervisor(person.login, of: district)
                outcome = .created
            }
            return outcome
        }
    }

    /// A district report for the year (`township`: one township only), for its supervisor or
    /// the operator: built from each cooperative's own statements in one snapshot.
    public func districtReport(
        _ name: DistrictStatements.Name, of code: DistrictCode, year: Int, township: String?,
        language: Language
    ) async throws -> Statement {
        try await read { connection in
            let district = try Self.district(code, on: connection)
            if actor != .system {
                guard let actor, try DistrictRepository(connection).supervises(actor, code) else {
                    // Another district's is not there at all, as another cooperative's books.
                    throw LedgerError(.unknownDistrict, field: "district", value: code.rawValue, rule: "no such district among those you supervise")
                }
            }
            let places = try DistrictRepository(connection).cooperatives(in: code, township: township)
            let found = try CooperativeRepository(connection).find(places.map(\.coop))
            let placed = places.compactMap { coop, town in found[coop].map { (cooperative: $0, town: town) } }
            let kept =
                name == .status
                ? KeptFigures()
                : try keptFigures(of: placed.map(\.cooperative), year: year, indicators: name == .indicators, language: language, on: connection)
            var rows: [DistrictStatements.Cooperative] = []
            for (cooperative, town) in placed {
                let coop = cooperative.code
                switch name {
                case .indicators:
                    rows.append(.init(code: coop, name: cooperative.name, township: town, indicators: kept.sheets[coop]))
                case .households, .poorHouseholds:
                    rows.append(.init(code: coop, name: cooperative.name, township: town, benefits: kept.benefits[coop]))
                case .status:
                    let periods = PeriodRepository(connection, coop: coop)
                    rows.append(
                        .init(
                            code: coop, name: cooperative.name, township: town,
                            latestClosedYear: try periods.latestClosedYear(), latestClosedMonth: try periods.latestClosedMonth(inYear: year),
                            lastEntry: try JournalRepository(connection, coop: coop).lastEntryDate()))
                }
            }
            switch name {
            case .indicators: return try DistrictStatements.indicators(district, year: year, township: township, cooperatives: rows, language: language)
            case .households: return try DistrictStatements.households(district, year: year, township: township, cooperatives: rows, language: language)
            case .poorHouseholds: return try DistrictStatements.poorHouseholds(district, year: year, township: township, cooperatives: rows, language: language)
            case .status: return DistrictStatements.status(district, township: township, cooperatives: rows, language: language)
            }
        }
    }

    /// What a district's reports are built from: each cooperative's benefit statement of the
    /// year and, for `indicators`, its indicator sheet.
    struct KeptFigures {
        var benefits: [CoopCode: BenefitStatement] = [:]
        var sheets: [CoopCode: Statement] = [:]
    }

    /// The cooperatives' figures in `connection`'s snapshot: those kept whose books have not
    /// moved since (`FigureCache`), the rest computed for all of them at once. The benefit
    /// statements are kept once for both kinds of report: an indicator sheet is built from
    /// its cooperative's, so a households view after an indicators view computes nothing.
    private func keptFigures(
        of cooperatives: [Cooperative], year: Int, indicators: Bool, language: Language, on connection: Connection
    ) throws -> KeptFigures {
        let versions = try BooksVersion.of(cooperatives.map(\.code), on: connection)
        func benefits(of coops: [CoopCode]) throws -> [CoopCode: BenefitStatement] {
            try districtFigures.benefitStatements.values(of: coops, year: year, versions: versions) { stale in
                try BenefitQuery(connection, coops: stale).runEach(year: year)
            }
        }
        guard indicators else { return KeptFigures(benefits: try benefits(of: cooperatives.map(\.code))) }
        let sheets = try districtFigures.indicatorSheets.values(of: cooperatives.map(\.code), year: year, variant: language.rawValue, versions: versions) {
            stale in
            let wanted = Set(stale)
            let staleCooperatives = cooperatives.filter { wanted.contains($0.code) }
            let computed = try Self.indicatorSheets(
                of: staleCooperatives, year: year, benefits: try benefits(of: stale), language: language, on: connection)
            return Dictionary(uniqueKeysWithValues: zip(staleCooperatives.map(\.code), computed))
        }
        return KeptFigures(sheets: sheets)
    }

    /// Computes each district's figures of `years` that are not kept (every cooperative at
    /// first, then only those whose books changed since), so a supervisor's view finds them
    /// kept: what `serve` does at start and then every second. The labels are Chinese,
    /// the pages' and the API's default. Years come first in the order given, and only whole
    /// districts that fit in `room` cooperative-years: past what the figures' cache holds,
    /// each round would push out what the last one kept and compute it all again. Returns
    /// how many figures it computed.
    public func keepDistrictFiguresCurrent(years: [Int], room: Int = DistrictFigures.keptAheadMax) async throws -> Int {
        let before = districtFigures.computedSoFar
        let districts = try await read { connection in
            let repository = DistrictRepository(connection)
            return try repository.all().map { (code: $0.code, cooperatives: try repository.cooperatives(in: $0.code).map(\.coop)) }
        }
        var room = room
        for year in years {
            for district in districts where district.cooperatives.count <= room {
                room -= district.cooperatives.count
                // The indicator sheets keep the benefit statements the households reports read.
                _ = try await read { connection in
                    let cooperatives = try CooperativeRepository(connection).find(district.cooperatives).values
                    return try keptFigures(of: Array(cooperatives), year: year, indicators: true, language: .zh, on: connection)
                }
            }
        }
        return districtFigures.computedSoFar - before
    }

    static func district(_ code: DistrictCode, on connection: Connection) throws -> District {
        guard let district = try DistrictRepository(connection).find(code) else {
            throw LedgerError(
                .unknownDistrict, field: "district", value: code.rawValue, rule: "no such district; the operator creates it with `coopledger district create`")
        }
        return district
    }

    private func requireOperator(to action: String) throws {
        guard actor == nil || actor == .system else {
            throw LedgerError(.forbidden, field: "user", value: actor?.rawValue, rule: "to \(action) is the operator's")
        }
    }
}
