import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

/// Issue 11: an action and its audit event commit together or not at all.
@Suite("Unit of work")
struct UnitOfWorkTests {
    @Test("A refund whose audit event cannot be written is not recorded; with the audit trail working, both are", arguments: TestStores.all)
    func refundAndItsAudit(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await database.append(try Sample.payment(50_00), idempotencyKey: nil)
            await #expect(throws: AuditRefused.self) {
                try await RefundService(store: RefusingAuditStore(store: database)).refund(Sample.refund(of: payment.id, 20_00))
            }
            #expect(try await database.entries(correcting: payment.id).isEmpty)
            #expect(try await database.refundableRemainder(ofPayment: payment.id).remaining == Money(pence: 50_00))
            #expect(try await database.count("SELECT COUNT(*) AS n FROM income_records WHERE kind = 'refund'") == 0)
            #expect(try await database.auditEvents(AuditQuery(action: "refund.create")).isEmpty)

            let refund = try await RefundService(store: database).refund(Sample.refund(of: payment.id, 20_00), from: "192.0.2.7")
            let events = try await database.auditEvents(AuditQuery(action: "refund.create"))
            #expect(events.count == 1)
            #expect(events.first?.actor == "user:income.officer")
            #expect(events.first?.address == "192.0.2.7")
            #expect(events.first?.target == "entry:\(payment.id)")
            #expect(events.first?.after == "refund=\(refund.receiptNumber) amount=£20.00")
            #expect(try await database.refundableRemainder(ofPayment: payment.id).remaining == Money(pence: 30_00))
        }
    }

    @Test("A success whose flag cannot be audited leaves the payment unposted, to be confirmed again", arguments: TestStores.all)
    func paymentFlagAndItsAudit(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await PaymentLifecycleTests.handedOff(database)
            let tookLess = try PaymentLifecycleTests.status(.success, amount: 100)
            await #expect(throws: AuditRefused.self) {
                try await PaymentLifecycle(store: RefusingAuditStore(store: database)).apply(payment.id, .provider(.success), status: tookLess)
            }
            let unchanged = try #require(try await database.payment(id: payment.id))
            #expect(unchanged.state == .started)
            #expect(unchanged.entryID == nil && unchanged.attention == nil)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries") == 0)
            #expect(try await database.paymentEvents(id: payment.id).map(\.state) == [.created, .started])

            let (posted, _) = try await PaymentLifecycle(store: database).apply(payment.id, .provider(.success), status: tookLess)
            #expect(posted.state == .success && posted.entryID != nil && posted.attention != nil)
            #expect(try await database.auditEvents(AuditQuery(action: "payment.attention")).count == 1)
        }
    }
}
