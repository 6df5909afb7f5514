import Foundation
import LedgerCore
import LedgerService
import Logging
import Postgres
import Testing
import TestSupport

/// Issue 28: raw SQL on the service's own connection cannot act as anyone. The service
/// (a member of coopledger_service, as `serve` connects) proves its person with a live
/// token's hash (sql/032); a named actor is ignored, and what it may not touch is not its.
@Suite struct ProvenActorTests {
    struct Setting {
        let fixture: LedgerFixture
        let service: Connection
        /// 李主管's sign-in token for the fixture's cooperative, made as the server makes it.
        let liToken: String
        let draft: Int64
        let version: Int
    }

    static let liPassword = "li-approves-1"

    /// 王 prepares a draft as the operator's ledger; 李 (approver) signs in through the service.
    static func with(_ body: (Setting) async throws -> Void) async throws {
        try await LedgerFixture.with { fixture in
            let wang = try Login(parsing: "wang"), li = try Login(parsing: "li")
            _ = try await fixture.ledger.addPerson(try Person(login: wang, name: "王会计"), password: nil, role: .preparer, in: fixture.coop)
            _ = try await fixture.ledger.addPerson(try Person(login: li, name: "李主管"), password: try Password(liPassword), role: .approver, in: fixture.coop)
            let draft = try await fixture.ledger.acting(as: wang).draftVoucher(try VoucherTests.content(), in: fixture.coop)
            // li keeps another cooperative's books too (a role change ends tokens: before signing in).
            _ = try await fixture.ledger.createCooperative(try Cooperative(code: try CoopCode(parsing: "other-coop"), name: "别的社", settings: .standard))
            try fixture.database.connect(actingAs: "system").query("INSERT INTO person_roles (coop_id, login, role) VALUES ('other-coop', 'li', 'admin')")
            let servicePool = try fixture.database.servicePool(maximumConnections: 2)
            let service = Ledger(pool: servicePool, logger: Logger(label: "test"))
            let token = try await service.signInToken(for: li, password: liPassword, in: fixture.coop)
            await servicePool.close()
            try await body(Setting(fixture: fixture, service: try fixture.database.connectAsService(), liToken: token, draft: draft.id, version: draft.version))
        }
    }

    static func approve(_ setting: Setting) -> String {
        "UPDATE vouchers SET approved_by = 'li', approved_at = now(), approved_version = version WHERE coop_id = 'test-coop' AND voucher_id = \(setting.draft)"
    }

    /// The refusal's message, or nil when the statements went through.
    static func refusal(_ connection: Connection, _ statements: [String]) -> String? {
        do {
            try connection.withTransaction { connection in
                for statement in statements { try connection.query(Query(unsafeSQL: statement)) }
            }
            return nil
        } catch let error as PostgresError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// SQL for the token's hash, as the server sends it.
    static func hashOf(_ token: String) -> String {
        "sha256(convert_to('\(token)', 'UTF8'))"
    }

    @Test func aNamedActorIsIgnoredOnTheServicesConnection() async throws {
        try await Self.with { setting in
            let refused = Self.refusal(setting.service, ["SELECT set_config('coopledger.actor', 'li', true)", Self.approve(setting)])
            // Refused as the approval of nobody: the name set is not believed.
            #expect(refused?.contains("acting person (nobody)") == true, "\(refused ?? "approved")")
            let member = Self.refusal(
                setting.service, ["SELECT set_config('coopledger.actor', 'li', true)", "UPDATE members SET name = '改名' WHERE coop_id = 'test-coop'"])
            #expect(member?.contains("nobody is proven") == true, "\(member ?? "renamed")")
            let approvedBy = try setting.fixture.database.connect().query("SELECT approved_by FROM vouchers WHERE voucher_id = \(setting.draft)")
                .singleRow().decode(String?.self, at: 0)
            #expect(approvedBy == nil)
        }
    }

    @Test func aLiveTokenProvesItsPersonForItsCooperativeOnly() async throws {
        try await Self.with { setting in
            let approved = Self.refusal(setting.service, ["SELECT bind_actor('test-coop', \(Self.hashOf(setting.liToken)))", Self.approve(setting)])
            #expect(approved == nil, "\(approved ?? "")")
            // Bound for test-coop, li writes nothing in another cooperative, even one li keeps.
            let elsewhere = Self.refusal(
                setting.service,
                [
                    "SELECT bind_actor('test-coop', \(Self.hashOf(setting.liToken)))",
                    "UPDATE cooperatives SET name = '改名' WHERE coop_id = 'other-coop'",
                ])
            #expect(elsewhere?.contains("proof is for test-coop, not other-coop") == true, "\(elsewhere ?? "written")")
        }
    }

    @Test func aMadeUpRevokedOrOldTokenProvesNobody() async throws {
        try await Self.with { setting in
            let madeUp = Self.refusal(setting.service, ["SELECT bind_actor('test-coop', \(Self.hashOf("cl_test-coop_" + String(repeating: "0", count: 64))))"])
            #expect(madeUp?.contains("no live token") == true)
            // A password reset ends the token at once.
            let owner = try setting.fixture.database.connect()
            try owner.query("UPDATE people SET password_hash = pgcrypto.crypt('a-new-password', pgcrypto.gen_salt('bf', 4)) WHERE login = 'li'")
            let afterReset = Self.refusal(setting.service, ["SELECT bind_actor('test-coop', \(Self.hashOf(setting.liToken)))"])
            #expect(afterReset?.contains("no live token") == true, "\(afterReset ?? "bound")")
        }
    }

    @Test func theServiceMintsNoTokenWithoutThePassword() async throws {
        try await Self.with { setting in
            let wrong = Self.refusal(setting.service, ["SELECT sign_in('test-coop', 'li', 'guessed-wrong', \(Self.hashOf("x")), 60)"])
            #expect(wrong?.contains("the password is not li's") == true, "\(wrong ?? "minted")")
            let direct = Self.refusal(
                setting.service,
                [
                    "INSERT INTO api_tokens (coop_id, token_hash, login) VALUES ('test-coop', \(Self.hashOf("x")), 'li')"
                ])
            #expect(direct?.contains("permission denied") == true, "\(direct ?? "inserted")")
        }
    }

    /// What the service may not touch: people, roles, tokens' hashes, the proofs, the record
    /// chain; nor turn a rule off; nor stand a temporary table in for one a rule reads.
    @Test func theServiceCannotReachAroundTheRules() async throws {
        try await Self.with { setting in
            let denied = [
                "UPDATE people SET password_hash = NULL WHERE login = 'li'",
                "INSERT INTO person_roles (coop_id, login, role) VALUES ('test-coop', 'wang', 'approver')",
                "SELECT token_hash FROM api_tokens",
                "INSERT INTO actor_bindings VALUES (pg_backend_pid(), pg_current_xact_id(), 'li', '*')",
                "DELETE FROM record_changes",
                "ALTER TABLE vouchers DISABLE TRIGGER USER",
                "SET session_replication_role = replica",
            ]
            for statement in denied {
                let refused = Self.refusal(setting.service, [statement])
                #expect(refused != nil, "the service could: \(statement)")
            }
            // A temporary person_roles making wang an approver is not the one the rules read.
            let shadowed = Self.refusal(
                setting.service,
                [
                    "CREATE TEMP TABLE person_roles (coop_id text, login text, role text)",
                    "INSERT INTO pg_temp.person_roles VALUES ('test-coop', 'wang', 'approver')",
                    "SELECT bind_actor('test-coop', \(Self.hashOf(setting.liToken)))",
                    "UPDATE vouchers SET approved_by = 'wang', approved_at = now(), approved_version = version WHERE coop_id = 'test-coop' AND voucher_id = \(setting.draft)",
                ])
            #expect(shadowed != nil, "a temporary table stood in for person_roles")
            // Nor a temporary actor_bindings proving li without her token.
            let forged = Self.refusal(
                setting.service,
                [
                    "CREATE TEMP TABLE actor_bindings (backend_pid integer, transaction_id xid8, login text, coop_id text)",
                    "INSERT INTO pg_temp.actor_bindings VALUES (pg_backend_pid(), pg_current_xact_id(), 'li', 'test-coop')",
                    Self.approve(setting),
                ])
            #expect(forged != nil, "a temporary table stood in for actor_bindings")
        }
    }

    /// The same approval through the ledger, proven by the token, goes through as li.
    @Test func theLedgerProvesItsPersonWithTheirToken() async throws {
        try await Self.with { setting in
            let servicePool = try setting.fixture.database.servicePool(maximumConnections: 2)
            let li = Ledger(pool: servicePool, logger: Logger(label: "test")).acting(as: try Login(parsing: "li"), proving: setting.liToken)
            let approved = try await li.approveVoucher(setting.draft, version: setting.version, in: setting.fixture.coop)
            #expect(approved.approvedBy?.rawValue == "li")
            let named = Ledger(pool: servicePool, logger: Logger(label: "test")).acting(as: try Login(parsing: "li"))
            await #expect(throws: LedgerError.self) { try await named.sendBackVoucher(setting.draft, reason: "只是名字", in: setting.fixture.coop) }
            await servicePool.close()
        }
    }
}
