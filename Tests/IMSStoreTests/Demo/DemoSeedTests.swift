import IMSCore
import IMSStore
import Testing

@Suite("Demo council")
struct DemoSeedTests {
    @Test("The demo is seeded once, with sample income including a refund and a journal, and verifies", arguments: TestStores.all)
    func seedsOnce(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            #expect(try await database.seedDemo(paymentCount: 120, days: 14))
            let entries = try await database.count("SELECT COUNT(*) AS n FROM entries")
            #expect(entries == 122)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries WHERE kind = 'refund'") == 1)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries WHERE kind = 'journal'") == 1)
            #expect(try await database.seedDemo(paymentCount: 120, days: 14) == false)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == entries)
            try await database.sealPending()
            let verification = try await database.verifyLedger()
            #expect(verification.isIntact, "\(verification.discrepancies)")
            #expect(verification.entriesChecked == 122)
        }
    }
}
