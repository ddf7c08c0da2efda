import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

@Suite("Refunds")
struct RefundServiceTests {
    @Test("Partial refunds reduce the remainder; more than remains, or a stale remainder, is refused", arguments: TestStores.all)
    func partialRefunds(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await database.append(try Sample.payment(100_00), idempotencyKey: nil)
            let refund = try await RefundService(store: database).refund(Sample.refund(of: payment.id, 30_00, expecting: 100_00))
            #expect(refund.kind == .refund)
            #expect(refund.correctsEntryID == payment.id)
            #expect(refund.incomeTotal == Money(pence: -30_00))
            #expect(try await database.refundableRemainder(ofPayment: payment.id).remaining == Money(pence: 70_00))

            await #expect(throws: IMSError.validation(.refundExceedsRemaining, "", field: "amount")) {
                try await RefundService(store: database).refund(Sample.refund(of: payment.id, 70_01))
            }
            await #expect(throws: IMSError(.preconditionFailed, .refundStaleRemaining, "", field: "expected_remaining")) {
                try await RefundService(store: database).refund(Sample.refund(of: payment.id, 10_00, expecting: 100_00))
            }
            _ = try await RefundService(store: database).refund(Sample.refund(of: payment.id, 70_00, expecting: 70_00))
            #expect(try await database.refundableRemainder(ofPayment: payment.id).remaining == .zero)
            #expect(try await database.entries(correcting: payment.id).count == 2)
            await #expect(throws: IMSError(.notFound, .entryNotFound, "", field: "payment")) {
                try await RefundService(store: database).refund(Sample.refund(of: 987_654, 1_00))
            }
        }
    }

    /// The over-refund race other ledgers shipped: many refunds of one payment at the same moment, through
    /// separate connections. Each must see the others' refunds, so the total never exceeds the payment.
    @Test("Concurrent refunds can never exceed the payment", arguments: TestStores.all)
    func concurrentRefundsNeverExceedThePayment(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, location in
            let payment = try await database.append(try Sample.payment(100_00), idempotencyKey: nil)
            // Several independent store instances: on SQLite each has its own connections to the file, as
            // separate processes would; on PostgreSQL each has its own pool.
            var instances = [database]
            for _ in 0..<3 { instances.append(try await IMSDatabase.open(location)) }
            let attempts = 12
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in 0..<attempts {
                    let store = instances[attempt % instances.count]
                    group.addTask {
                        do {
                            _ = try await RefundService(store: store).refund(Sample.refund(of: payment.id, 30_00))
                            return true
                        } catch let error as IMSError where error.code == .refundExceedsRemaining {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            for instance in instances.dropFirst() { try await instance.close() }
            #expect(outcomes.filter { $0 }.count == 3)
            let remainder = try await database.refundableRemainder(ofPayment: payment.id)
            #expect(remainder.refunded == Money(pence: 90_00))
            #expect(remainder.remaining == Money(pence: 10_00))
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries WHERE kind = 'refund'") == 3)
        }
    }

    @Test("Journals and allpay income cannot be refunded", arguments: TestStores.all)
    func nonRefundable(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let tax = Sample.fund("CTAX")
            let journal = try PostingRules.journal(
                amount: Money(pence: 5_00), from: (tax, AccountReference(normalising: "771234564")),
                to: (tax, AccountReference(normalising: "771234572")),
                occurredAt: TestStores.start, recordedBy: .user("income.officer"), narrative: "Wrong account",
                vatCodes: Sample.configuration.vatCodesByCode)
            let stored = try await database.append(journal, idempotencyKey: nil)
            await #expect(throws: IMSError.validation(.refundNotRefundable, "", field: "payment")) {
                try await RefundService(store: database).refund(Sample.refund(of: stored.id, 1_00))
            }
        }
    }
}

@Suite("Refunds and journals")
struct RefundAfterJournalTests {
    @Test("A journal correcting a payment does not count as a refund of it", arguments: TestStores.all)
    func journalIsNotARefund(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await database.append(try Sample.payment(50_00), idempotencyKey: nil)
            let tax = Sample.fund("CTAX")
            let journal = try PostingRules.journal(
                amount: Money(pence: 20_00), from: (tax, AccountReference(normalising: "771234564")),
                to: (tax, AccountReference(normalising: "771234572")),
                occurredAt: TestStores.start, recordedBy: .user("income.officer"), narrative: "Part was for the neighbour's account",
                correcting: payment.id, vatCodes: Sample.configuration.vatCodesByCode)
            _ = try await database.append(journal, idempotencyKey: nil)
            let remainder = try await database.refundableRemainder(ofPayment: payment.id)
            #expect(remainder.refunded == .zero)
            #expect(remainder.remaining == Money(pence: 50_00))
        }
    }
}
