import Foundation
import IMSCore
import IMSStore
import IMSTestSupport
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

    @Test("issue 10: the demo runs only on an empty or demo database, never on a council's own", arguments: TestStores.all)
    func demoOnlyOnDemoData(dialect: SQLDialectKind) async throws {
        // The test databases hold a council's configuration, as a council's own database would.
        let configured = try await withTestDatabase(dialect) { database, _ in try await database.holdsOnlyDemoData() }
        #expect(configured == false)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ims-empty-\(UUID().uuidString)").path
        let empty = try await IMSDatabase.open(.dataDirectory(directory))
        let emptyIsDemo = try await empty.holdsOnlyDemoData()
        #expect(emptyIsDemo)
        try await empty.close()
        try? FileManager.default.removeItem(atPath: directory)
        try await withTestDatabase(dialect) { database, _ in
            let seeded = try await database.seedDemo(paymentCount: 10, days: 2)
            #expect(seeded)
            #expect(try await database.holdsOnlyDemoData())
        }
    }
}
