import IMSCore
import IMSStore
import IMSTestSupport
import Testing

@Suite("Ledger store")
struct LedgerStoreTests {
    @Test("An appended entry reads back exactly, with a receipt number in recording order", arguments: TestStores.all)
    func appendAndReadBack(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let first = try await database.append(try Sample.payment(12_50), idempotencyKey: nil)
            let basket = try Sample.basket([
                PaymentItem(fund: Sample.fund("BINS"), reference: AccountReference(normalising: "GW-104233"), amount: Money(pence: 45_00)),
                PaymentItem(fund: Sample.fund("BCON"), reference: AccountReference(normalising: "BC-004211"), amount: Money(pence: 120_00)),
            ])
            let second = try await database.append(basket, idempotencyKey: nil)
            #expect(second.id > first.id)
            let read = try #require(try await database.entry(id: second.id))
            #expect(read == second)
            #expect(read.content == basket)
            #expect(read.fundLines.count == 2)
            #expect(read.fundLines[1].vatAmount == Money(pence: -20_00))
            #expect(read.receiptNumber.hasPrefix("R"))
            #expect(try await database.entry(id: 999_999) == nil)
        }
    }

    @Test("An entry that does not balance is refused and nothing is written", arguments: TestStores.all)
    func unbalancedEntryRefused(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            var content = try Sample.payment(10_00)
            content.lines[0].amount = Money(pence: -9_99)
            await #expect(throws: IMSError.validation(.entryUnbalanced, "", field: "lines")) {
                try await database.append(content, idempotencyKey: nil)
            }
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == 0)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entry_lines") == 0)
        }
    }

    @Test("appendAll writes all entries or none", arguments: TestStores.all)
    func appendAllIsAtomic(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let good = try Sample.payment(10_00)
            var pointsNowhere = try Sample.payment(20_00)
            pointsNowhere.correctsEntryID = 424_242  // no such entry: the database refuses the row
            await #expect(throws: (any Error).self) {
                try await database.appendAll([good, good, pointsNowhere])
            }
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == 0)
            let stored = try await database.appendAll([good, good])
            #expect(stored.count == 2)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entry_lines") == 4)
        }
    }

    @Test("An idempotency key replays the original entry, and refuses a different request", arguments: TestStores.all)
    func idempotencyKeys(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let key = try IdempotencyKey(scope: "service:bins", key: "order-1001", requestHash: "hash-a")
            let original = try await database.append(try Sample.payment(45_00, fund: "BINS", reference: "GW-1"), idempotencyKey: key)
            let replay = try await database.append(try Sample.payment(45_00, fund: "BINS", reference: "GW-1"), idempotencyKey: key)
            #expect(replay.id == original.id)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == 1)

            let reused = try IdempotencyKey(scope: "service:bins", key: "order-1001", requestHash: "hash-b")
            await #expect(throws: IMSError(.conflict, .idempotencyKeyReused, "", field: "Idempotency-Key")) {
                try await database.append(try Sample.payment(99_00, fund: "BINS", reference: "GW-1"), idempotencyKey: reused)
            }
            // The same key from another service is another key.
            let otherService = try IdempotencyKey(scope: "service:parking", key: "order-1001", requestHash: "hash-b")
            let other = try await database.append(try Sample.payment(70_00, fund: "PARK", reference: "DM12345678"), idempotencyKey: otherService)
            #expect(other.id != original.id)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == 2)
        }
    }
}
