import ArgumentParser
@testable import coopledger
import LedgerCore
import Postgres
import Testing

/// The command line's own logic, tested in Swift: how an error becomes the contract's exit
/// code and its one line, and how arguments become a command. (What the commands do end to
/// end is tested by scripts/cli-identity.sh and cli-remote.sh against a real server.)
@Suite struct FailureTests {
    @Test func eachKindOfErrorHasTheContractsExitCode() {
        let refusal = LedgerError(.invalidValue, field: "source", value: "bogus", rule: "a member's capital comes from poverty-alleviation or other")
        #expect(Failure.classify(refusal)?.0 == .refused)
        #expect(Failure.classify(refusal)?.1 == "invalid_value")
        #expect(Failure.classify(refusal)?.2.contains("bogus") == true)
        #expect(Failure.classify(RemoteUnreachable(server: "http://127.0.0.1:1", reason: "connection refused"))?.0 == .databaseUnreachable)
        #expect(Failure.classify(PostgresError(kind: .connection, message: "no such socket"))?.0 == .databaseUnreachable)
        #expect(Failure.classify(PostgresError(kind: .server, sqlState: SQLState("23505"), message: "duplicate key"))?.0 == .refused)
        // ArgumentParser's own errors are usage errors, printed in its words.
        #expect(Failure.classify(ValidationError("no")) == nil)
    }

    @Test func jsonIsAskedForEitherWay() {
        #expect(Failure.wantsJSON(["report", "--format", "json"]))
        #expect(Failure.wantsJSON(["report", "--format=json"]))
        #expect(!Failure.wantsJSON(["report", "--format", "text", "json"]))
    }

    @Test func aCapitalContributionsSourceIsOneOfTheContractsWords() throws {
        let command = try CoopLedger.parseAsRoot(["capital", "--member", "7", "--amount", "5000", "--date", "2026-01-08", "--key", "cap-7"])
        let capital = try #require(command as? CapitalCommand)
        #expect(capital.source == "other")
        #expect(try ContributionSource(parsing: capital.source, field: "source") == .other)
        #expect(throws: LedgerError.self) { try ContributionSource(parsing: "poverty_alleviation_assets", field: "source") }
    }
}
