import Foundation
import IMSCore
import IMSStore
import Testing

/// Issue 10 (idempotency race on PostgreSQL): requests with the same key at once each get the original,
/// never a 500, and only one payment or entry is made.
@Suite("Idempotency under concurrency")
struct IdempotencyRaceTests {
    @Test("issue 10: six payments created at once with one key make one payment, and every caller gets it", arguments: TestStores.all)
    func payments(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let basket = try PaymentStoreTests.basket()
            let results = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let key = try IdempotencyKey(scope: "bins", key: "order-77", requestHash: "same-body")
                        let (payment, created) = try await database.createPayment(
                            basket, service: "bins", channel: "online", expiresAfterSeconds: 5_400, idempotencyKey: key)
                        return (payment.id, created)
                    }
                }
                return try await group.reduce(into: [(String, Bool)]()) { $0.append($1) }
            }
            #expect(Set(results.map(\.0)).count == 1)
            #expect(results.filter(\.1).count == 1)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM payments") == 1)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM payment_events") == 1)
        }
    }

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
