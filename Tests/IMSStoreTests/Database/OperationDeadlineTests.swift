import Foundation
import IMSCore
import IMSStore
import IMSTestSupport
import Testing

/// Issue 9 item 6: with an operation deadline (as `ims serve` sets), a query that does not come back is
/// abandoned with `store.timed_out` instead of holding its request (and the server's shutdown) for ever.
@Suite("Database operation deadline")
struct OperationDeadlineTests {
    @Test("issue 9 item 6: a PostgreSQL query past the deadline fails with store.timed_out; the database goes on working and closes")
    func deadline() async throws {
        guard TestStores.all.contains(.postgres) else { return }
        let scratch = try await ScratchDatabase.create(.postgres, postgresURL: TestStores.postgresURL)
        guard case .postgres(var settings) = scratch else { return }
        settings.operationTimeoutSeconds = 2
        settings.closeTimeoutSeconds = 2
        // Migrations run without the deadline (an index over millions of rows takes minutes); it applies after.
        let database = try await IMSDatabase.open(.postgres(settings))
        let started = ContinuousClock.now
        let error = await #expect(throws: StoreError.self) { _ = try await database.count("SELECT 1 AS n FROM pg_sleep(10)") }
        #expect(error?.code == .timedOut)
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(try await database.count("SELECT 7 AS n") == 7)
        let closing = ContinuousClock.now
        try await database.close()
        #expect(ContinuousClock.now - closing < .seconds(8))
        try await ScratchDatabase.drop(scratch, postgresURL: TestStores.postgresURL)
    }
}
