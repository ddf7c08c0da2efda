import IMSCore
import IMSStore
import IMSTestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("An empty database is migrated on opening, and opening again changes nothing", arguments: TestStores.all)
    func migratesOnceOnOpen(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, location in
            #expect(try await database.schemaVersion() == 10)
            // A second instance on the same database (as a second server would be) opens without re-applying.
            let second = try await IMSDatabase.open(location)
            #expect(try await second.schemaVersion() == 10)
            #expect(try await second.count("SELECT COUNT(*) AS n FROM schema_migrations") == 10)
            try await second.close()
        }
    }

    @Test("Council configuration round-trips through the store", arguments: TestStores.all)
    func councilConfigurationRoundTrips(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let loaded = try await database.configuration()
            #expect(loaded.profile == DemoCouncil.profile)
            #expect(loaded.funds.sorted { $0.code < $1.code } == DemoCouncil.funds.sorted { $0.code < $1.code })
            #expect(Set(loaded.vatCodes) == Set(DemoCouncil.vatCodes))
            #expect(Set(loaded.methodsOfPayment) == Set(DemoCouncil.methodsOfPayment))
            #expect(Set(loaded.offices) == Set(DemoCouncil.offices))
            // Saving again updates in place rather than duplicating.
            var changed = DemoCouncil.configuration
            changed.funds[0].name = "Council Tax (renamed)"
            try await database.save(changed)
            let reloaded = try await database.configuration()
            #expect(reloaded.funds.count == DemoCouncil.funds.count)
            #expect(reloaded.fund(changed.funds[0].code)?.name == "Council Tax (renamed)")
        }
    }
}
