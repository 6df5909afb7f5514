import LedgerCore
import Testing
@testable import LedgerService

/// A server verifies two journals at once at most: a third asked meanwhile is refused at
/// once as busy, and the places come back when the two end.
@Suite struct VerificationsTests {
    @Test func aThirdVerificationAtOnceIsRefusedAsBusyAndThePlacesComeBack() async throws {
        let verifications = Verifications()
        let third: LedgerError? = try await verifications.admitting {
            try await verifications.admitting {
                do {
                    _ = try await verifications.admitting { 0 }
                    return nil
                } catch let error as LedgerError {
                    return error
                }
            }
        }
        #expect(third?.code == .busy)
        #expect(third?.field == "verify")
        #expect(try await verifications.admitting { 1 } == 1, "the places are free again")
        await #expect(throws: LedgerError.self) { try await verifications.admitting { throw LedgerError(.busy, field: "x", rule: "thrown inside") } }
        #expect(try await verifications.admitting { 2 } == 2, "a verification that failed gave its place back")
    }
}
