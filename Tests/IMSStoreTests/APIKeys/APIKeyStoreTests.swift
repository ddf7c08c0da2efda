import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

@Suite("API keys")
struct APIKeyStoreTests {
    @Test("A key authenticates by its secret, is stored only as a hash, and stops at once when revoked", arguments: TestStores.all)
    func lifecycle(dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(TestStores.start)
        try await withTestDatabase(dialect, clock: clock) { database, _ in
            let (key, secret) = try await database.createAPIKey(
                service: "bins-portal", permissions: [.paymentsCreate, .paymentsRead], funds: ["BINS"])
            #expect(secret.value.hasPrefix("ims_"))
            #expect(key.prefix == String(secret.value.prefix(12)))
            #expect(
                try await database.count("SELECT COUNT(*) AS n FROM api_keys WHERE key_hash = '\(secret.value)' OR key_prefix = '\(secret.value)'")
                    == 0)

            let authenticated = try #require(try await database.authenticateAPIKey(secret.value, at: clock.now()))
            #expect(authenticated.id == key.id)
            #expect(authenticated.allows(.paymentsCreate))
            #expect(!authenticated.allows(.transactionsRead))
            #expect(authenticated.mayUse("BINS") && !authenticated.mayUse("CTAX"))
            #expect(try await database.authenticateAPIKey(secret.value + "x", at: clock.now()) == nil)
            #expect(try await database.authenticateAPIKey("", at: clock.now()) == nil)

            let listed = try #require(try await database.apiKeys().first)
            #expect(listed.lastUsedAt == clock.now())
            #expect(listed.service == "bins-portal")

            let administrator = Requester(.user("admin.sam"), address: nil)
            #expect(try await APIKeyAdministration(store: database).revoke(id: key.id, by: administrator))
            #expect(try await database.authenticateAPIKey(secret.value, at: clock.now()) == nil)
            #expect(try await database.apiKeys().first?.isRevoked == true)
            #expect(try await APIKeyAdministration(store: database).revoke(id: 9_999, by: administrator) == false)
            #expect(try await database.auditEvents(AuditQuery(action: "api_key.revoke")).map(\.actor) == ["user:admin.sam"])
        }
    }

    @Test("Bad service names and empty permission lists are refused", arguments: TestStores.all)
    func badInput(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            await #expect(throws: IMSError.self) {
                try await database.createAPIKey(service: "bins portal; drop", permissions: [.paymentsRead], funds: [])
            }
            await #expect(throws: IMSError.self) {
                try await database.createAPIKey(service: "bins", permissions: [], funds: [])
            }
            let keys = try await database.apiKeys()
            #expect(keys.isEmpty)
        }
    }
}
