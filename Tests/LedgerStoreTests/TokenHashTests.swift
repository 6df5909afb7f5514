import Postgres
import Testing
import TestSupport
@testable import LedgerStore

@Suite struct TokenHashTests {
    @Test func tokensAreHashedInTheProcessExactlyAsPostgreSQLWould() async throws {
        #expect(TokenRepository.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        try await TestDatabase.withFresh(migrated: false) { database in
            let token = "cl_baiyin-pig_" + String(repeating: "5a", count: 32)
            let server = try database.connect().query("SELECT encode(sha256(convert_to(\(token), 'UTF8')), 'hex')").singleRow().decode(String.self, at: 0)
            #expect(TokenRepository.hash(token) == server)
        }
    }
}
