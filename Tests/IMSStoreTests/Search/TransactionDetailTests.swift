import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

@Suite("Transaction detail")
struct TransactionDetailTests {
    @Test("A live payment's detail links its refunds and entries and says what remains refundable", arguments: TestStores.all)
    func livePayment(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await database.append(try Sample.payment(100_00), idempotencyKey: nil)
            let first = try await RefundService(store: database).refund(Sample.refund(of: payment.id, 30_00))
            let second = try await RefundService(store: database).refund(Sample.refund(of: payment.id, 20_00))
            let records = try await database.transactions(matching: TransactionFilter(), after: nil, limit: 50).records
            let paid = try #require(records.first { $0.entryID == payment.id })
            let detail = try #require(try await database.transactionDetail(id: paid.id))
            #expect(detail.record == paid)
            #expect(detail.entries.map(\.id) == [payment.id, first.id, second.id])
            #expect(Set(detail.linked.map(\.receiptReference)) == [first.receiptNumber, second.receiptNumber])
            #expect(detail.refundableRemainder == Money(pence: 50_00))

            let refunded = try #require(records.first { $0.entryID == first.id })
            let refundDetail = try #require(try await database.transactionDetail(id: refunded.id))
            #expect(refundDetail.linked.map(\.receiptReference) == [payment.receiptNumber])
            #expect(refundDetail.entries.map(\.id) == [payment.id, first.id])
            #expect(refundDetail.refundableRemainder == nil)
            #expect(try await database.transactionDetail(id: 12_345) == nil)
        }
    }

    @Test("A migrated payment links its legacy refunds and the migration entry; reversed, nothing remains", arguments: TestStores.all)
    func legacyPayment(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let migration = try await database.append(Self.migrationEntry(pence: 45_00), idempotencyKey: nil)
            let at = LegacySample.utc(2019, 5, 1)
            let stored = try await database.insertTransactionRecords([
                LegacySample.record("L-9", at: at, amount: 45_00, payer: "Ann Payer", line: 2, entryID: migration.id),
                LegacySample.record(
                    "L-10", at: at.adding(seconds: 60), amount: -30_00, kind: .refund, original: "L-9", line: 3, entryID: migration.id),
                LegacySample.record(
                    "L-11", at: at.adding(seconds: 120), amount: -30_00, kind: .refund, original: "L-9", line: 4, entryID: migration.id),
                LegacySample.record("L-12", at: at.adding(seconds: 180), amount: 99_00, line: 5, entryID: migration.id, reversed: true),
            ])
            #expect(try await database.count("SELECT COUNT(*) AS n FROM income_records WHERE source = 'ims'") == 0)

            let detail = try #require(try await database.transactionDetail(id: stored[0].id))
            #expect(detail.linked.map(\.receiptReference) == ["L-11", "L-10"])
            #expect(detail.entries.map(\.id) == [migration.id])
            #expect(detail.refundableRemainder == .zero)  // 45.00 less 60.00 of refunds, never below zero

            let refund = try #require(try await database.transactionDetail(id: stored[1].id))
            #expect(refund.linked.map(\.receiptReference) == ["L-9"])
            #expect(refund.refundableRemainder == nil)
            #expect(try await database.transactionDetail(id: stored[3].id)?.refundableRemainder == .zero)
        }
    }

    @Test("A migrated payment's remainder is its amount less its own legacy refunds", arguments: TestStores.all)
    func legacyRemainder(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let at = LegacySample.utc(2019, 5, 1)
            let stored = try await database.insertTransactionRecords([
                LegacySample.record("L-1", at: at, amount: 45_00, line: 2),
                LegacySample.record("L-2", at: at, amount: -5_00, kind: .refund, original: "L-1", line: 3),
                LegacySample.record("L-3", at: at, amount: -7_00, kind: .refund, original: "L-1", line: 4, reversed: true),
            ])
            #expect(try await database.transactionDetail(id: stored[0].id)?.refundableRemainder == Money(pence: 40_00))
        }
    }

    /// An import chunk's ledger entry: the fund's total against the migration clearing account.
    static func migrationEntry(pence: Int64) -> EntryContent {
        EntryContent(
            kind: .migration, occurredAt: TestStores.start, recordedBy: .system("import"), origin: Origin(channel: "migration"),
            lines: [
                EntryLine(account: .fund("CTAX", AccountReference(normalising: "MIGRATED")), amount: Money(pence: -pence)),
                EntryLine(account: .migrationClearing, amount: Money(pence: pence)),
            ])
    }
}
