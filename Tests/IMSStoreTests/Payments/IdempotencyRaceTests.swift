import Foundation
import IMSCore
import IMSStore
import IMSTestSupport
import Testing

/// Issue 10 (idempotency race on PostgreSQL): requests with the same key at once each get the original,
/// never a 500, and only one entry is made (payments: `PaymentLifecycleTests`).
@Suite("Idempotency under concurrency")
struct IdempotencyRaceTests {
    @Test("issue 10: six ledger entries appended at once with one key make one entry, and every caller gets it", arguments: TestStores.all)
    func entries(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let content = try Sample.payment(12_00)
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let key = try IdempotencyKey(scope: "service:bins", key: "order-1001", requestHash: "hash-a")
                        return try await database.append(content, idempotencyKey: key).id
                    }
                }
                return try await group.reduce(into: [Int64]()) { $0.append($1) }
            }
            #expect(Set(ids).count == 1)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == 1)
        }
    }
}
