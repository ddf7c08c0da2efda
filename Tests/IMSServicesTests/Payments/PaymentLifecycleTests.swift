import IMSCore
import IMSServices
import IMSStore
import IMSTestSupport
import Testing

/// The payment workflow's units of work against the real stores (SQLite, and PostgreSQL in CI).
@Suite("Payment lifecycle in the store")
struct PaymentLifecycleTests {
    static let configuration = DemoCouncil.configuration

    static func basket() throws -> PaymentBasket {
        try PaymentBasket.validate(
            PaymentRequest(
                lines: [
                    .init(fundCode: "BINS", reference: "GW-1", amount: 4_500), .init(fundCode: "BCON", reference: "BC-004211", amount: 12_000),
                ], returnURL: "https://bins.example/done"), configuration: configuration, requireHTTPS: true)
    }

    static func status(_ state: ProviderPaymentState, amount: Int64 = 16_500) throws -> ProviderPaymentStatus {
        ProviderPaymentStatus(
            providerPaymentID: "psp-1", state: state, amount: Money(pence: amount),
            card: try CardSummary(brand: "visa", lastFourDigits: "1111", expiry: "12/30"), refundSummary: nil)
    }

    static func handedOff(_ database: IMSDatabase) async throws -> Payment {
        let lifecycle = PaymentLifecycle(store: database)
        let (payment, _) = try await lifecycle.create(
            try basket(), service: "bins", channel: .online, expiresAfterSeconds: 5_400, idempotencyKey: nil)
        return try await lifecycle.recordHandOff(
            of: payment.id, providerName: "sandbox",
            to: ProviderPayment(providerPaymentID: "psp-1", account: "default", nextURL: "https://psp.example/pay", state: .created)
        ).payment
    }

    @Test("However many times and however concurrently a success arrives, one entry is posted", arguments: TestStores.all)
    func exactlyOnce(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, location in
            let payment = try await Self.handedOff(database)
            let others = [database, try await IMSDatabase.open(location), try await IMSDatabase.open(location)]
            let success = try Self.status(.success)
            let moves = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<9 {
                    let store = others[index % others.count]
                    group.addTask {
                        let (_, transition) = try await PaymentLifecycle(store: store).apply(payment.id, .provider(.success), status: success)
                        return transition != .unchanged
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            for store in others.dropFirst() { try await store.close() }
            #expect(moves == 1)
            #expect(try await database.count("SELECT COUNT(*) AS n FROM entries WHERE external_reference = '\(payment.id)'") == 1)
            let stored = try #require(try await database.payment(id: payment.id))
            #expect(stored.state == .success)
            let entryID = try #require(stored.entryID)
            let entry = try #require(try await database.entry(id: entryID))
            #expect(entry.incomeTotal == Money(pence: 16_500))
            #expect(entry.fundLines[1].vatAmount == Money(pence: -2_000))  // building control is standard-rated: 120.00 × 20/120
            #expect(entry.lines.last?.account == .clearing("CARD-SANDBOX"))
            #expect(try await database.paymentEvents(id: payment.id).map(\.state) == [.created, .started, .success])
        }
    }

    @Test(
        "issue 9 item 2: a success for another amount is posted to suspense and flagged, with its audit event, never lost", arguments: TestStores.all)
    func tamperedAmount(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await Self.handedOff(database)
            let (after, _) = try await PaymentLifecycle(store: database).apply(
                payment.id, .provider(.success), status: try Self.status(.success, amount: 100))
            #expect(after.state == .success)
            let entryID = try #require(after.entryID)
            let entry = try #require(try await database.entry(id: entryID))
            #expect(entry.incomeTotal == Money(pence: 100))
            #expect(entry.fundLines.count == 1)
            #expect(entry.fundLines[0].account.code == Self.configuration.funds.first { $0.isSuspense }?.code.rawValue)
            #expect(after.attention?.contains("took £1.00, not the £165.00 asked for") == true)
            #expect(try await database.auditEvents(AuditQuery(action: "payment.attention")).count == 1)
            #expect(try await database.paymentsNeedingAttention(limit: 10).map(\.id) == [payment.id])
        }
    }

    @Test("issue 9 item 2: hand-offs claimed at once: exactly one caller creates the provider payment", arguments: TestStores.all)
    func handOffClaim(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let lifecycle = PaymentLifecycle(store: database)
            let (payment, _) = try await lifecycle.create(
                try Self.basket(), service: "bins", channel: .online, expiresAfterSeconds: 5_400, idempotencyKey: nil)
            let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask { if case .claimed = try await lifecycle.claimHandOff(of: payment.id) { true } else { false } }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(claims.filter { $0 }.count == 1)
            let first = ProviderPayment(providerPaymentID: "psp-1", account: "default", nextURL: "https://psp.example/1", state: .created)
            let second = ProviderPayment(providerPaymentID: "psp-2", account: "default", nextURL: "https://psp.example/2", state: .created)
            #expect(try await lifecycle.recordHandOff(of: payment.id, providerName: "sandbox", to: first).surplus == nil)
            #expect(try await lifecycle.recordHandOff(of: payment.id, providerName: "sandbox", to: first).surplus == nil)
            #expect(try await lifecycle.recordHandOff(of: payment.id, providerName: "sandbox", to: second).surplus == second)
            guard case .started(let started) = try await lifecycle.claimHandOff(of: payment.id) else {
                Issue.record("a handed-off payment is resumed, not claimed again")
                return
            }
            #expect(started.providerPaymentID == "psp-1")
        }
    }

    @Test("A finished payment cannot be cancelled; idempotent creation replays", arguments: TestStores.all)
    func finishedAndIdempotent(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let payment = try await Self.handedOff(database)
            let lifecycle = PaymentLifecycle(store: database)
            _ = try await lifecycle.apply(payment.id, .provider(.failed(ProviderFailure(code: "P0010", message: "declined"))))
            await #expect(throws: IMSError(.conflict, PaymentState.alreadyFinished, "")) {
                try await lifecycle.apply(payment.id, .cancel)
            }
            let key = try IdempotencyKey(scope: "bins", key: "k1", requestHash: "h1")
            let (first, created) = try await lifecycle.create(
                try Self.basket(), service: "bins", channel: .online, expiresAfterSeconds: 60, idempotencyKey: key)
            let (again, createdAgain) = try await lifecycle.create(
                try Self.basket(), service: "bins", channel: .online, expiresAfterSeconds: 60, idempotencyKey: key)
            #expect(created && !createdAgain)
            #expect(first.id == again.id)
        }
    }

    @Test("A finished payment of a service with a webhook queues one delivery", arguments: TestStores.all)
    func webhookQueued(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let secret = try await database.setWebhook(service: "bins", url: "https://bins.example/ims-webhook")
            #expect(secret.hasPrefix("whsec_"))
            #expect(try await database.webhook(of: "bins")?.url == "https://bins.example/ims-webhook")
            let payment = try await Self.handedOff(database)
            _ = try await PaymentLifecycle(store: database).apply(payment.id, .provider(.success), status: try Self.status(.success))
            let due = try await database.dueWebhookDeliveries()
            #expect(due.count == 1)
            #expect(due.first?.event == "payment.success")
            #expect(due.first?.body.contains("\"receipt_number\":\"R") == true)
            try await database.recordWebhookAttempt(
                try #require(due.first?.id), statusCode: 200, error: nil, durationMilliseconds: 12, delivered: true, retryAt: nil)
            #expect(try await database.dueWebhookDeliveries().isEmpty)
            #expect(try await database.webhookDeliveries(paymentID: payment.id).first?.1.first?.statusCode == 200)
        }
    }

    @Test("issue 10: six payments created at once with one key make one payment, and every caller gets it", arguments: TestStores.all)
    func payments(dialect: SQLDialectKind) async throws {
        try await withTestDatabase(dialect) { database, _ in
            let basket = try Self.basket()
            let lifecycle = PaymentLifecycle(store: database)
            let results = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let key = try IdempotencyKey(scope: "bins", key: "order-77", requestHash: "same-body")
                        let (payment, created) = try await lifecycle.create(
                            basket, service: "bins", channel: .online, expiresAfterSeconds: 5_400, idempotencyKey: key)
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
}

@Suite("Webhook delivery claims")
struct WebhookClaimTests {
    @Test("Two senders claiming at once never take the same delivery; a claim expires into a retry", arguments: TestStores.all)
    func claims(dialect: SQLDialectKind) async throws {
        let clock = FixedWallClock(TestStores.start)
        try await withTestDatabase(dialect, clock: clock) { database, location in
            _ = try await database.setWebhook(service: "bins", url: "https://bins.example/hook")
            for _ in 0..<6 {
                let payment = try await PaymentLifecycleTests.handedOff(database)
                _ = try await PaymentLifecycle(store: database).apply(payment.id, .cancel)
            }
            let other = try await IMSDatabase.open(location, clock: clock)
            async let first = database.claimDueWebhookDeliveries(limit: 4)
            async let second = other.claimDueWebhookDeliveries(limit: 4)
            let (a, b) = try await (first, second)
            try await other.close()
            #expect(a.count + b.count == 6)
            #expect(Set(a.map(\.id)).isDisjoint(with: Set(b.map(\.id))))
            #expect(try await database.claimDueWebhookDeliveries(limit: 50, leaseSeconds: 60).isEmpty)
            clock.advance(seconds: 61)
            #expect(try await database.claimDueWebhookDeliveries(limit: 50, leaseSeconds: 60).count == 6)
        }
    }
}
