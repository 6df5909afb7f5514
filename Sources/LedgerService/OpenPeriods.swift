import LedgerCore
import LedgerStore

/// Whether days are in open periods, each day asked of the database once: a batch of
/// entries is mostly dated the same few days.
struct OpenPeriods {
    private let periods: PeriodRepository
    private var refusals: [Day: LedgerError?] = [:]

    init(_ periods: PeriodRepository) {
        self.periods = periods
    }

    mutating func requireOpen(_ day: Day) throws {
        if refusals[day] == nil {
            do {
                try periods.requireOpen(day)
                refusals[day] = .some(nil)
            } catch let refusal as LedgerError {
                refusals[day] = .some(refusal)
            }
        }
        if let refusal = refusals[day] ?? nil { throw refusal }
    }
}
