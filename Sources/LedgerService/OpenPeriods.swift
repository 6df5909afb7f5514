import LedgerCore
import LedgerStore

/// Whether days are in open periods, each day asked of the database once: a batch of
/// entries is mostly dated the same few days.
struct OpenPeriods {
    private let periods: PeriodRepository
    private var answers: [Day: Result<Void, LedgerError>] = [:]

    init(_ periods: PeriodRepository) {
        self.periods = periods
    }

    mutating func requireOpen(_ day: Day) throws {
        if let answer = answers[day] { return try answer.get() }
        do {
            try periods.requireOpen(day)
            answers[day] = .success(())
        } catch let refusal as LedgerError {
            answers[day] = .failure(refusal)
            throw refusal
        }
    }
}
